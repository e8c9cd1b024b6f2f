package com.layoutlens.model.layoutlmv2;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;
import com.layoutlens.model.encode.PageImage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Manual measurement (not a test): our page image preparation against transformers'
 * processors on real receipts, and how far the difference moves a tiny random
 * LayoutLMv2's logits. Reads the file tools/reference/measure_v2_resize.py writes.
 *
 * <pre>java ... com.layoutlens.model.layoutlmv2.PageImageCheck /tmp/layoutlmv2-resize.safetensors ../shared/sroie</pre>
 */
public final class PageImageCheck {

    private PageImageCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/layoutlmv2-resize.safetensors");
        Path sroie = Path.of(args.length > 1 ? args[1] : "../shared/sroie");
        List<String> models = List.of("tiny-a", "tiny-c");
        double[] worstLogit = new double[models.size()];
        int argmaxChanges = 0;
        int tokens = 0;
        double sumMeanPil = 0;
        double sumMeanTv = 0;
        float maxPil = 0;
        float maxTv = 0;
        int n = 0;
        List<LayoutLMv2Model> loaded = new ArrayList<>();
        try (Checkpoint ref = Checkpoints.open(file)) {
            for (String m : models) {
                loaded.add(LayoutLMv2Model.load(V2Fixtures.folder(m), Device.cpu()));
            }
            for (String key : ref.names().stream().filter(k -> k.startsWith("pil.")).sorted().toList()) {
                String id = key.substring(4);
                float[] pil = ref.readFloats(key);
                float[] tv = ref.readFloats("tv." + id);
                float[] ours = PageImage.read(sroie.resolve("img").resolve(id + ".jpg"), 224);
                double mp = 0;
                double mt = 0;
                float xp = 0;
                float xt = 0;
                int differ = 0;
                for (int i = 0; i < ours.length; i++) {
                    float dp = Math.abs(ours[i] - pil[i]);
                    float dt = Math.abs(ours[i] - tv[i]);
                    mp += dp;
                    mt += dt;
                    xp = Math.max(xp, dp);
                    xt = Math.max(xt, dt);
                    differ += dp > 0 ? 1 : 0;
                }
                mp /= ours.length;
                mt /= ours.length;
                StringBuilder line = new StringBuilder(String.format(
                        "%s: vs PIL mean |diff| %.3f max %.0f (%.1f%% of values differ); vs torchvision mean %.3f max %.0f",
                        id, mp, xp, 100.0 * differ / ours.length, mt, xt));
                for (int k = 0; k < loaded.size(); k++) {
                    LayoutLMv2Model model = loaded.get(k);
                    try (NDManager mgr = model.manager().newSubManager();
                         Checkpoint in = V2Fixtures.open(V2Fixtures.folder(models.get(k)), "inputs.safetensors")) {
                        NDArray ids = V2Fixtures.longs(mgr, in, "input_ids").get("0:1");
                        NDArray bbox = V2Fixtures.longs(mgr, in, "bbox").get("0:1");
                        NDArray mask = V2Fixtures.longs(mgr, in, "attention_mask").get("0:1");
                        NDArray a = model.logits(ids, bbox, mask, mgr.create(ours, new Shape(1, 3, 224, 224)));
                        NDArray b = model.logits(ids, bbox, mask, mgr.create(pil, new Shape(1, 3, 224, 224)));
                        float d = a.sub(b).abs().max().getFloat();
                        worstLogit[k] = Math.max(worstLogit[k], d);
                        long[] am = a.argMax(-1).toLongArray();
                        long[] bm = b.argMax(-1).toLongArray();
                        for (int t = 0; t < am.length; t++) {
                            argmaxChanges += am[t] != bm[t] ? 1 : 0;
                            tokens++;
                        }
                        line.append(String.format("; %s max |logit diff| %.2e", models.get(k), d));
                    }
                }
                System.out.println(line);
                sumMeanPil += mp;
                sumMeanTv += mt;
                maxPil = Math.max(maxPil, xp);
                maxTv = Math.max(maxTv, xt);
                n++;
            }
        } finally {
            loaded.forEach(LayoutLMv2Model::close);
        }
        System.out.printf("%d receipts: vs PIL mean |diff| %.3f, max %.0f; vs torchvision mean %.3f, max %.0f%n", n,
                sumMeanPil / n, maxPil, sumMeanTv / n, maxTv);
        for (int k = 0; k < models.size(); k++) {
            System.out.printf("%s: worst max |logit diff| %.2e%n", models.get(k), worstLogit[k]);
        }
        System.out.printf("arg-max changed at %d of %d token positions%n", argmaxChanges, tokens);
    }
}
