package com.layoutlens.model.checkpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pickle interpreter that only builds data. Python's own unpickler imports and calls
 * whatever the stream names, which is how a {@code pytorch_model.bin} can run code on load;
 * this one knows a short list of names a PyTorch state dict needs, treats them as data
 * constructors, and refuses the file at the first other name, before anything else happens.
 * Nothing named in a pickle is ever looked up or run.
 *
 * <p>Results: dicts become {@link LinkedHashMap}s, lists {@link ArrayList}s, tuples
 * {@link Tuple}s, ints {@link Long}s (wider ones {@link java.math.BigInteger}s), floats {@link Double}s, strings and byte strings
 * {@link String} and {@code byte[]}, tensors {@link TensorRef}s.
 */
final class RestrictedUnpickler {

    /** A tuple; kept apart from lists only for readable errors. */
    record Tuple(List<Object> items) {
        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** A name a GLOBAL opcode pushed; it stands for the callable or class, never resolved. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /**
     * A storage named by a persistent id: {@code key} locates its bytes, {@code numel} counts
     * elements of {@code dtype}; {@code viewOf}/{@code viewOffset} for the legacy format's storage views.
     */
    record StorageRef(String key, DType dtype, long numel, String viewOf, long viewOffset) {
    }

    /** A tensor: elements {@code offset + sum(i_k * stride_k)} of a storage. */
    record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {
    }

    private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");
    private static final Set<String> REBUILD = Set.of("torch._utils._rebuild_tensor_v2",
            "torch._utils._rebuild_tensor", "torch._utils._rebuild_parameter",
            "torch._utils._rebuild_parameter_with_state");

    private final Path file;
    private final ByteBuffer in;
    private final int start;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    private RestrictedUnpickler(Path file, ByteBuffer in) {
        this.file = file;
        this.in = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.start = in.position();
    }

    /**
     * The value of one pickle starting at the buffer's position, where it ended, and every
     * storage its persistent ids named (by key; for legacy views, the root storage's key).
     */
    record Result(Object value, int end, Map<String, StorageRef> storages) {
    }

    /** Reads one pickle; the buffer itself is not moved. */
    static Result load(Path file, ByteBuffer in) throws CheckpointException {
        RestrictedUnpickler u = new RestrictedUnpickler(file, in);
        try {
            Object v = u.run();
            return new Result(v, u.in.position(), u.storages);
        } catch (java.nio.BufferUnderflowException e) {
            throw u.bad("the pickle is truncated", u.in.position());
        }
    }

    /** Whether a global is allowed: the only names a state dict of plain dense tensors uses. */
    static boolean allowed(String module, String name) {
        String q = module + "." + name;
        if (q.equals("collections.OrderedDict") || REBUILD.contains(q)) {
            return true;
        }
        if (module.equals("torch") && name.endsWith("Storage")) {
            return DType.fromTorchStorage(name) != null;
        }
        return q.equals("torch.storage.UntypedStorage");
    }

    private Object run() throws CheckpointException {
        while (true) {
            int at = in.position();
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int v = u8();
                    if (v > 5) {
                        throw bad("pickle protocol " + v + " is newer than any known", at);
                    }
                }
                case 0x95 -> skip(8); // FRAME: a length hint only
                case '.' -> { // STOP
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw bad("the pickle ends with " + stack.size() + " values on its stack", at);
                    }
                    return stack.get(0);
                }
                case '(' -> marks.add(stack.size()); // MARK
                case '}' -> push(new LinkedHashMap<>()); // EMPTY_DICT
                case ']' -> push(new ArrayList<>()); // EMPTY_LIST
                case ')' -> push(new Tuple(List.of())); // EMPTY_TUPLE
                case 0x8f -> push(new ArrayList<>()); // EMPTY_SET, kept as a list
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'J' -> push((long) in.getInt()); // BININT
                case 'K' -> push((long) u8()); // BININT1
                case 'M' -> push((long) (in.getShort() & 0xffff)); // BININT2
                case 0x8a -> push(longN(u8(), at)); // LONG1
                case 0x8b -> push(longN(length(in.getInt() & 0xffffffffL, at), at)); // LONG4
                case 'G' -> { // BINFLOAT, big-endian
                    need(8, at);
                    push(Double.longBitsToDouble(in.order(ByteOrder.BIG_ENDIAN).getLong()));
                    in.order(ByteOrder.LITTLE_ENDIAN);
                }
                case 'X' -> push(utf8(length(in.getInt() & 0xffffffffL, at), at)); // BINUNICODE
                case 0x8c -> push(utf8(u8(), at)); // SHORT_BINUNICODE
                case 0x8d -> push(utf8(length(in.getLong(), at), at)); // BINUNICODE8
                case 'T' -> push(latin1(length(in.getInt() & 0xffffffffL, at), at)); // BINSTRING
                case 'U' -> push(latin1(u8(), at)); // SHORT_BINSTRING
                case 'B' -> push(bytes(length(in.getInt() & 0xffffffffL, at), at)); // BINBYTES
                case 'C' -> push(bytes(u8(), at)); // SHORT_BINBYTES
                case 0x8e -> push(bytes(length(in.getLong(), at), at)); // BINBYTES8
                case 't' -> push(new Tuple(popMark(at))); // TUPLE
                case 0x85 -> push(tuple(1, at)); // TUPLE1
                case 0x86 -> push(tuple(2, at)); // TUPLE2
                case 0x87 -> push(tuple(3, at)); // TUPLE3
                case 'l' -> push(new ArrayList<>(popMark(at))); // LIST
                case 'd' -> { // DICT
                    Map<Object, Object> m = new LinkedHashMap<>();
                    putPairs(m, popMark(at), at);
                    push(m);
                }
                case 's' -> { // SETITEM
                    Object v = pop(at);
                    Object k = pop(at);
                    asMap(peek(at), at).put(k, v);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popMark(at);
                    putPairs(asMap(peek(at), at), items, at);
                }
                case 'a' -> { // APPEND
                    Object v = pop(at);
                    asList(peek(at), at).add(v);
                }
                case 'e', 0x90 -> { // APPENDS, ADDITEMS
                    List<Object> items = popMark(at);
                    asList(peek(at), at).addAll(items);
                }
                case '0' -> pop(at); // POP
                case '1' -> popMark(at); // POP_MARK
                case '2' -> push(peek(at)); // DUP
                case 'q' -> memo.put((long) u8(), peek(at)); // BINPUT
                case 'r' -> memo.put(in.getInt() & 0xffffffffL, peek(at)); // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek(at)); // MEMOIZE
                case 'h' -> push(memoGet(u8(), at)); // BINGET
                case 'j' -> push(memoGet(in.getInt() & 0xffffffffL, at)); // LONG_BINGET
                case 'c' -> push(global(line(at), line(at), at)); // GLOBAL
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw bad("STACK_GLOBAL without two strings", at);
                    }
                    push(global(m, n, at));
                }
                case 'R' -> { // REDUCE
                    Object args = pop(at);
                    Object callable = pop(at);
                    push(call(callable, args, at));
                }
                case 0x81 -> { // NEWOBJ
                    Object args = pop(at);
                    Object cls = pop(at);
                    if (!ORDERED_DICT.equals(cls)) {
                        throw bad("cannot create an instance of " + describe(cls), at);
                    }
                    push(call(cls, args, at));
                }
                case 'b' -> { // BUILD: state for the object below it; a state dict needs none of it
                    pop(at);
                    peek(at);
                }
                case 'Q' -> push(persistent(pop(at), at)); // BINPERSID
                default -> throw bad(String.format("pickle opcode 0x%02x is not supported in a state dict", op), at);
            }
        }
    }

    private Global global(String module, String name, int at) throws CheckpointException {
        if (allowed(module, name)) {
            return new Global(module, name);
        }
        String q = module + "." + name;
        if (module.equals("torch") || module.startsWith("torch.")) {
            throw new CheckpointException(file, null, "cannot load " + file + ": the pickle references '" + q
                    + "', which this reader does not support (only plain dense tensors are)");
        }
        throw new CheckpointException(file, null, "refusing to load " + file + ": the pickle references '" + q
                + "', which a state dict never needs; this file may try to run code");
    }

    private Object call(Object callable, Object args, int at) throws CheckpointException {
        if (!(callable instanceof Global g)) {
            throw bad("REDUCE on " + describe(callable) + ", which is not a known constructor", at);
        }
        if (!(args instanceof Tuple a)) {
            throw bad("REDUCE on " + g.qualified() + " without an argument tuple", at);
        }
        switch (g.qualified()) {
            case "collections.OrderedDict" -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (a.size() == 1 && a.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof Tuple t && t.size() == 2) {
                            m.put(t.get(0), t.get(1));
                        } else {
                            throw bad("OrderedDict from something that is not a list of pairs", at);
                        }
                    }
                } else if (a.size() != 0) {
                    throw bad("OrderedDict with unexpected arguments", at);
                }
                return m;
            }
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> {
                // (storage, storage_offset, size, stride, [requires_grad, backward_hooks, [metadata]])
                if (a.size() < 4 || !(a.get(0) instanceof StorageRef s) || !(a.get(1) instanceof Long off)) {
                    throw bad(g.qualified() + " with unexpected arguments", at);
                }
                long[] size = longs(a.get(2), at);
                long[] stride = longs(a.get(3), at);
                if (size.length != stride.length) {
                    throw bad("tensor size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride)
                            + " differ in rank", at);
                }
                return new TensorRef(s, off, size, stride);
            }
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> {
                if (a.size() < 1 || !(a.get(0) instanceof TensorRef t)) {
                    throw bad(g.qualified() + " without a tensor", at);
                }
                return t;
            }
            default -> throw bad(g.qualified() + " cannot be called", at);
        }
    }

    /** ('storage', storage_type, key, location, numel[, view_metadata]) */
    private StorageRef persistent(Object pid, int at) throws CheckpointException {
        if (!(pid instanceof Tuple t) || t.size() < 5 || !"storage".equals(t.get(0))
                || !(t.get(1) instanceof Global type) || !(t.get(2) instanceof String key)
                || !(t.get(4) instanceof Long numel)) {
            throw bad("a persistent id that is not a storage: " + describe(pid), at);
        }
        DType dtype = DType.fromTorchStorage(type.name());
        if (dtype == null) {
            throw bad("unknown storage type " + type.qualified(), at);
        }
        if (t.size() > 5 && t.get(5) instanceof Tuple view && view.size() == 3) {
            // legacy view: (view_key, offset, view_size) of the root storage `key`
            if (!(view.get(0) instanceof String vk) || !(view.get(1) instanceof Long vo)
                    || !(view.get(2) instanceof Long vs)) {
                throw bad("a storage view that is not (key, offset, size)", at);
            }
            storages.putIfAbsent(key, new StorageRef(key, dtype, numel, null, 0));
            return new StorageRef(vk, dtype, vs, key, vo);
        }
        StorageRef s = new StorageRef(key, dtype, numel, null, 0);
        storages.putIfAbsent(key, s);
        return s;
    }

    private long[] longs(Object o, int at) throws CheckpointException {
        if (!(o instanceof Tuple t)) {
            throw bad("a tensor size or stride that is not a tuple: " + describe(o), at);
        }
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long v) || v < 0) {
                throw bad("a tensor size or stride that is not a non-negative integer: " + describe(t.get(i)), at);
            }
            out[i] = v;
        }
        return out;
    }

    private static String describe(Object o) {
        if (o instanceof Global g) {
            return g.qualified();
        }
        return o == null ? "None" : o.getClass().getSimpleName();
    }

    private Tuple tuple(int n, int at) throws CheckpointException {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop(at);
        }
        return new Tuple(Arrays.asList(items));
    }

    private void putPairs(Map<Object, Object> m, List<Object> items, int at) throws CheckpointException {
        if (items.size() % 2 != 0) {
            throw bad("an odd number of dict items", at);
        }
        for (int i = 0; i < items.size(); i += 2) {
            m.put(items.get(i), items.get(i + 1));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> asMap(Object o, int at) throws CheckpointException {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw bad("SETITEM on " + describe(o), at);
    }

    @SuppressWarnings("unchecked")
    private List<Object> asList(Object o, int at) throws CheckpointException {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw bad("APPEND on " + describe(o), at);
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop(int at) throws CheckpointException {
        int floor = marks.isEmpty() ? 0 : marks.get(marks.size() - 1);
        if (stack.size() <= floor) {
            throw bad("the pickle pops from an empty stack", at);
        }
        return stack.remove(stack.size() - 1);
    }

    private Object peek(int at) throws CheckpointException {
        if (stack.isEmpty()) {
            throw bad("the pickle reads an empty stack", at);
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popMark(int at) throws CheckpointException {
        if (marks.isEmpty()) {
            throw bad("the pickle has no MARK", at);
        }
        int m = marks.remove(marks.size() - 1);
        List<Object> sub = stack.subList(m, stack.size());
        List<Object> items = new ArrayList<>(sub);
        sub.clear();
        return items;
    }

    private Object memoGet(long key, int at) throws CheckpointException {
        if (!memo.containsKey(key)) {
            throw bad("the pickle refers to memo entry " + key + ", which was never stored", at);
        }
        return memo.get(key);
    }

    private int u8() throws CheckpointException {
        need(1, in.position());
        return in.get() & 0xff;
    }

    private void skip(int n) throws CheckpointException {
        need(n, in.position());
        in.position(in.position() + n);
    }

    private void need(int n, int at) throws CheckpointException {
        if (in.remaining() < n) {
            throw bad("the pickle is truncated", at);
        }
    }

    private int length(long n, int at) throws CheckpointException {
        if (n < 0 || n > in.remaining()) {
            throw bad("the pickle is truncated (an item of " + n + " bytes)", at);
        }
        return (int) n;
    }

    private byte[] bytes(int n, int at) throws CheckpointException {
        need(n, at);
        byte[] b = new byte[n];
        in.get(b);
        return b;
    }

    private String utf8(int n, int at) throws CheckpointException {
        return new String(bytes(n, at), StandardCharsets.UTF_8);
    }

    private String latin1(int n, int at) throws CheckpointException {
        return new String(bytes(n, at), StandardCharsets.ISO_8859_1);
    }

    private String line(int at) throws CheckpointException {
        int s = in.position();
        for (int i = s; i < in.limit(); i++) {
            if (in.get(i) == '\n') {
                byte[] b = new byte[i - s];
                in.get(b);
                in.get();
                return new String(b, StandardCharsets.UTF_8);
            }
        }
        throw bad("the pickle is truncated inside a GLOBAL", at);
    }

    private Object longN(int n, int at) throws CheckpointException {
        if (n > 8) {
            if (n > 64) {
                throw bad("an integer of " + n + " bytes, too large for a state dict", at);
            }
            byte[] le = bytes(n, at);
            byte[] be = new byte[n];
            for (int i = 0; i < n; i++) {
                be[i] = le[n - 1 - i];
            }
            return new java.math.BigInteger(be);
        }
        byte[] b = bytes(n, at);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[i] & 0xff);
        }
        if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) {
            v |= -1L << (8 * n); // sign-extend
        }
        return v;
    }

    private CheckpointException bad(String what, int at) {
        return new CheckpointException(file, null, file + ": cannot read the pickle at byte " + (at - start) + ": " + what);
    }
}
