package com.layoutlens.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one Spark session of the test run: local, two cores, up to four attempts per task (so
 * that a failed task is retried as on a cluster), no UI, bound to the loopback interface.
 */
final class SparkTestSession {

    private static SparkSession session;

    private SparkTestSession() {
    }

    static synchronized SparkSession get() {
        if (session == null) {
            for (String quiet : new String[] {"org.apache.spark", "org.apache.hadoop", "org.sparkproject",
                    "org.apache.parquet", "org.apache.commons", "io.netty"}) {
                System.setProperty("org.slf4j.simpleLogger.log." + quiet, "warn");
            }
            session = SparkSession.builder()
                    .appName("LayoutLens tests")
                    .master("local[2,4]")
                    .config("spark.ui.enabled", "false")
                    .config("spark.ui.showConsoleProgress", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }
}
