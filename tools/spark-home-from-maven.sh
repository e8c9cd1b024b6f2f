#!/usr/bin/env bash
# Makes a stand-in Spark installation (SPARK_HOME) out of the jars Maven fetched, so that the
# spark-submit path of installer/spark-predict.sh can be tried without a Spark download, e.g.
# with executors in their own JVMs:
#   tools/spark-home-from-maven.sh /tmp/spark-home
#   SPARK_HOME=/tmp/spark-home installer/spark-predict.sh --master 'local-cluster[1,2,3072]' --model ... --data ... --out ...
# A real distribution (spark-4.0.1-bin-hadoop3) is what a cluster runs; this is for checks only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
home=${1:?SPARK_HOME to create}
[[ -d "$root/target/spark-lib" ]] || { echo "no target/spark-lib: run 'mvn -B -q package -DskipTests'" >&2; exit 2; }
mkdir -p "$home/bin" "$home/jars"
# Spark's own jars, plus what a distribution ships that our build keeps in target/lib
cp -f "$root"/target/spark-lib/*.jar "$home/jars/"
cp -f "$root"/target/lib/slf4j-*.jar "$root"/target/lib/jackson-*.jar "$root"/target/lib/commons-io-*.jar \
  "$root"/target/lib/commons-codec-*.jar "$root"/target/lib/commons-compress-*.jar "$home/jars/"
echo "Spark (jars from Maven Central)" > "$home/RELEASE"
opens=$(sed -n 's/.*<spark.jvm.options>\(.*\)<\/spark.jvm.options>.*/\1/p' "$root/pom.xml")
cat > "$home/bin/spark-submit" <<SUBMIT
#!/usr/bin/env bash
export SPARK_SCALA_VERSION=2.13
exec java -Xmx\${SPARK_DRIVER_MEMORY:-2g} $opens -Dspark.home="$home" -cp "$home/jars/*" org.apache.spark.deploy.SparkSubmit "\$@"
SUBMIT
chmod +x "$home/bin/spark-submit"
echo "SPARK_HOME=$home"
