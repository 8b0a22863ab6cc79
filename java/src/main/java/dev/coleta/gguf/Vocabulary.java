package dev.coleta.gguf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * A SentencePiece-style vocabulary for llama.cpp's {@code llama} tokenizer: special tokens, the
 * 256 byte tokens {@code <0x00>}..{@code <0xFF>} (byte fallback: any text tokenizes), single
 * characters, and pieces learnt by byte-pair merges on a corpus, each with a score.
 *
 * <p>Why a small vocabulary: in a model of a few million parameters the 32,000-wide output
 * projection of Llama 2's vocabulary costs more than all transformer blocks together, in
 * training and in generation. A vocabulary of a few thousand pieces learnt on the task's own
 * text shrinks that layer ten-fold while keeping sequences short (docs/EXPERIMENTS.md).
 *
 * <p>llama.cpp's SPM tokenizer starts from single UTF-8 characters and repeatedly merges the
 * adjacent pair whose concatenation is a vocabulary piece with the highest score; characters
 * that are not pieces become byte tokens. {@link #learn} gives each merge a score that falls
 * with its rank, so the tokenizer replays the merges in the order they were learnt. Text is
 * cut into words before learning (a letter run, a punctuation run, each optionally led by the
 * space mark, every digit alone), so no piece mixes letters with punctuation or holds two
 * digits: a value tokenizes the same way inside HTML, JSON or SQL, which is what a small model
 * copying values from its prompt needs.
 *
 * @param tokens pieces in id order (spaces written as {@link #SPACE})
 * @param scores one score per piece (higher merges first)
 * @param types  llama.cpp token types per piece (1 normal, 2 unknown, 3 control, 6 byte)
 */
public record Vocabulary(List<String> tokens, float[] scores, int[] types) {
    /** SentencePiece's mark for a space. */
    public static final String SPACE = "\u2581";
    public static final int TYPE_NORMAL = 1;
    public static final int TYPE_UNKNOWN = 2;
    public static final int TYPE_CONTROL = 3;
    public static final int TYPE_BYTE = 6;
    /** Ids of the special tokens, as in Llama 2. */
    public static final int UNK = 0, BOS = 1, EOS = 2;
    /** Special tokens plus byte tokens: the smallest possible vocabulary. */
    public static final int BASE_SIZE = 3 + 256;

    public Vocabulary {
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(types, "types");
        if (scores.length != tokens.size() || types.length != tokens.size()) {
            throw new IllegalArgumentException("tokens, scores and types differ in length");
        }
        if (new HashSet<>(tokens).size() != tokens.size()) throw new IllegalArgumentException("duplicate tokens");
        scores = scores.clone();
        types = types.clone();
    }

    public int size() {
        return tokens.size();
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    @Override
    public int[] types() {
        return types.clone();
    }

    /**
     * Learns a vocabulary of at most {@code size} tokens from {@code corpus}: the
     * {@link #BASE_SIZE} fixed tokens, every character seen at least {@code minCharCount} times
     * (others fall back to bytes), then merges until the size is reached or no pair occurs twice.
     * Deterministic: ties break by the pair's text.
     */
    public static Vocabulary learn(Iterable<String> corpus, int size, int minCharCount) {
        if (size < BASE_SIZE + 1) throw new IllegalArgumentException("size must be > " + BASE_SIZE + ", got " + size);
        Map<String, Integer> wordCounts = new HashMap<>();
        for (String text : corpus) {
            for (String w : words(text)) wordCounts.merge(w, 1, Integer::sum);
        }
        // characters, by count then text
        Map<String, Long> charCounts = new HashMap<>();
        for (var e : wordCounts.entrySet()) {
            String w = e.getKey();
            for (int i = 0; i < w.length(); ) {
                int cp = w.codePointAt(i);
                charCounts.merge(new String(Character.toChars(cp)), (long) e.getValue(), Long::sum);
                i += Character.charCount(cp);
            }
        }
        List<String> chars = new ArrayList<>(charCounts.keySet());
        chars.removeIf(c -> charCounts.get(c) < minCharCount);
        chars.sort((a, b) -> charCounts.get(b).equals(charCounts.get(a)) ? a.compareTo(b) : Long.compare(charCounts.get(b), charCounts.get(a)));
        Set<String> known = new HashSet<>(chars);

        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Integer> types = new ArrayList<>(List.of(TYPE_UNKNOWN, TYPE_CONTROL, TYPE_CONTROL));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format(Locale.ROOT, "<0x%02X>", b));
            types.add(TYPE_BYTE);
        }
        int budgetChars = Math.min(chars.size(), size - BASE_SIZE);
        for (int i = 0; i < budgetChars; i++) {
            tokens.add(chars.get(i));
            types.add(TYPE_NORMAL);
        }
        known.retainAll(chars.subList(0, budgetChars));

        List<String> merges = merges(wordCounts, known, size - tokens.size());
        tokens.addAll(merges);
        for (int i = 0; i < merges.size(); i++) types.add(TYPE_NORMAL);

        float[] scores = new float[tokens.size()];
        int firstNormal = BASE_SIZE;
        for (int i = firstNormal; i < tokens.size(); i++) {
            // characters score 0 (they are never merged into, only looked up); merge k scores -k-1
            scores[i] = i < firstNormal + budgetChars ? 0f : -(i - firstNormal - budgetChars) - 1f;
        }
        return new Vocabulary(tokens, scores, types.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Cuts text into learning words the way the tokenizer will see it: spaces become
     * {@link #SPACE}, with one added in front (llama.cpp's {@code add_space_prefix}).
     */
    static List<String> words(String text) {
        String s = SPACE + text.replace(" ", SPACE);
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            int start = i;
            int cp = s.codePointAt(i);
            if (cp == SPACE.charAt(0)) {
                i++;
                if (i >= n || s.charAt(i) == SPACE.charAt(0) || s.charAt(i) == '\n') {
                    out.add(s.substring(start, i));
                    continue;
                }
                cp = s.codePointAt(i);
            }
            int cls = charClass(cp);
            i += Character.charCount(cp);
            if (cls == 1 || cls == 3) { // digits and newlines stand alone
                out.add(s.substring(start, i));
                continue;
            }
            while (i < n) {
                int c = s.codePointAt(i);
                if (charClass(c) != cls) break;
                i += Character.charCount(c);
            }
            out.add(s.substring(start, i));
        }
        return out;
    }

    /** 0 letters (and _), 1 digit, 2 other, 3 newline or space mark. */
    private static int charClass(int cp) {
        if (cp == '\n' || cp == SPACE.charAt(0)) return 3;
        if (Character.isDigit(cp)) return 1;
        if (Character.isLetter(cp) || cp == '_') return 0;
        return 2;
    }

    /** Byte-pair merges over the words (weighted by count), most frequent pair first. */
    private static List<String> merges(Map<String, Integer> wordCounts, Set<String> known, int maxMerges) {
        // Words as symbol arrays; a character outside the vocabulary splits the word (it becomes
        // bytes in the tokenizer, and nothing merges across bytes).
        List<String[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<String> sortedWords = new ArrayList<>(wordCounts.keySet());
        java.util.Collections.sort(sortedWords);
        for (String w : sortedWords) {
            List<String> syms = new ArrayList<>();
            for (int i = 0; i < w.length(); ) {
                int cp = w.codePointAt(i);
                String c = new String(Character.toChars(cp));
                i += Character.charCount(cp);
                if (known.contains(c)) {
                    syms.add(c);
                } else {
                    if (syms.size() > 1) {
                        words.add(syms.toArray(new String[0]));
                        counts.add(wordCounts.get(w));
                    }
                    syms.clear();
                }
            }
            if (syms.size() > 1) {
                words.add(syms.toArray(new String[0]));
                counts.add(wordCounts.get(w));
            }
        }
        Map<String, Long> pairCount = new HashMap<>();
        Map<String, Set<Integer>> pairWords = new HashMap<>();
        for (int wi = 0; wi < words.size(); wi++) addPairs(words.get(wi), counts.get(wi), wi, pairCount, pairWords, null);

        record Cand(String left, String right, long count) {
        }
        PriorityQueue<Cand> queue = new PriorityQueue<>((a, b) -> a.count != b.count ? Long.compare(b.count, a.count)
                : (a.left + "\u0000" + a.right).compareTo(b.left + "\u0000" + b.right));
        for (var e : pairCount.entrySet()) {
            String[] lr = e.getKey().split("\u0000", 2);
            queue.add(new Cand(lr[0], lr[1], e.getValue()));
        }
        List<String> out = new ArrayList<>();
        Set<String> vocab = new HashSet<>(known);
        while (out.size() < maxMerges && !queue.isEmpty()) {
            Cand c = queue.poll();
            String key = c.left + "\u0000" + c.right;
            Long current = pairCount.get(key);
            if (current == null || current != c.count) continue; // stale entry
            if (c.count < 2) break;
            String merged = c.left + c.right;
            Set<Integer> affected = pairWords.remove(key);
            pairCount.remove(key);
            if (vocab.add(merged)) out.add(merged);
            Map<String, Long> changed = new LinkedHashMap<>();
            for (int wi : affected == null ? Set.<Integer>of() : new java.util.TreeSet<>(affected)) {
                String[] syms = words.get(wi);
                int cnt = counts.get(wi);
                removePairs(syms, cnt, wi, pairCount, pairWords, changed);
                String[] next = mergeWord(syms, c.left, c.right, merged);
                words.set(wi, next);
                addPairs(next, cnt, wi, pairCount, pairWords, changed);
            }
            for (String k : changed.keySet()) {
                Long v = pairCount.get(k);
                if (v != null && v > 0) {
                    String[] lr = k.split("\u0000", 2);
                    queue.add(new Cand(lr[0], lr[1], v));
                }
            }
        }
        return out;
    }

    private static String[] mergeWord(String[] syms, String left, String right, String merged) {
        List<String> out = new ArrayList<>(syms.length);
        for (int i = 0; i < syms.length; i++) {
            if (i + 1 < syms.length && syms[i].equals(left) && syms[i + 1].equals(right)) {
                out.add(merged);
                i++;
            } else {
                out.add(syms[i]);
            }
        }
        return out.toArray(new String[0]);
    }

    /** Counts the word's adjacent pairs; {@code changed} (may be null) collects the pairs touched. */
    private static void addPairs(String[] syms, int cnt, int wi, Map<String, Long> pairCount,
                                 Map<String, Set<Integer>> pairWords, Map<String, Long> changed) {
        for (int i = 0; i + 1 < syms.length; i++) {
            String k = syms[i] + "\u0000" + syms[i + 1];
            pairCount.merge(k, (long) cnt, Long::sum);
            pairWords.computeIfAbsent(k, x -> new HashSet<>()).add(wi);
            if (changed != null) changed.put(k, 0L);
        }
    }

    private static void removePairs(String[] syms, int cnt, int wi, Map<String, Long> pairCount,
                                    Map<String, Set<Integer>> pairWords, Map<String, Long> changed) {
        for (int i = 0; i + 1 < syms.length; i++) {
            String k = syms[i] + "\u0000" + syms[i + 1];
            Long v = pairCount.get(k);
            if (v == null) continue;
            long nv = v - cnt;
            if (nv <= 0) {
                pairCount.remove(k);
                pairWords.remove(k);
            } else {
                pairCount.put(k, nv);
                Set<Integer> ws = pairWords.get(k);
                if (ws != null) ws.remove(wi);
            }
            changed.put(k, 0L);
        }
    }

    /** Whether {@code text} is a piece of this vocabulary. */
    public boolean contains(String text) {
        return tokens.contains(text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Vocabulary v && tokens.equals(v.tokens) && Arrays.equals(scores, v.scores) && Arrays.equals(types, v.types);
    }

    @Override
    public int hashCode() {
        return tokens.hashCode();
    }
}
