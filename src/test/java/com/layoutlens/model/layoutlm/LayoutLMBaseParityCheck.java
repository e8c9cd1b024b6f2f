package com.layoutlens.model.layoutlm;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.layoutlens.model.checkpoint.Checkpoint;
import com.layoutlens.model.checkpoint.Checkpoints;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Base-size parity, by hand: loads the folders written by
 * {@code tools/reference/make_layoutlm_base_check.py} (safetensors and pytorch_model.bin)
 * and prints the largest differences from transformers on 2 x 512 tokens.
 *
 * <pre>
 * java -Xmx4g -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=2 \
 *   -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) \
 *   com.layoutlens.model.layoutlm.LayoutLMBaseParityCheck [/tmp/layoutlm-base-check]
 * </pre>
 */
public final class LayoutLMBaseParityCheck {

    private LayoutLMBaseParityCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "/tmp/layoutlm-base-check");
        for (String format : new String[] {"safetensors", "bin"}) {
            long start = System.nanoTime();
            try (LayoutLMModel model = LayoutLMModel.load(dir.resolve(format), Device.cpu());
                 NDManager m = model.manager().newSubManager();
                 Checkpoint in = Checkpoints.open(dir.resolve("inputs.safetensors"));
                 Checkpoint out = Checkpoints.open(dir.resolve("outputs.safetensors"))) {
                double loadSecs = (System.nanoTime() - start) / 1e9;
                var result = model.predict(Fixtures.longs(m, in, "input_ids"), Fixtures.longs(m, in, "bbox"),
                        Fixtures.longs(m, in, "attention_mask"), Fixtures.longs(m, in, "token_type_ids"), true);
                float logits = LayoutLMParityTest.maxDiff(result.logits(), Fixtures.floats(m, out, "logits"));
                float hidden = LayoutLMParityTest.maxDiff(result.hiddenStates().get(result.hiddenStates().size() - 1),
                        Fixtures.floats(m, out, "last_hidden_state"));
                System.out.printf("%s: loaded in %.1f s (%s); max |diff| logits %.3g, last hidden state %.3g%n",
                        format, loadSecs, model.report().summary(), logits, hidden);
            }
        }
    }
}
