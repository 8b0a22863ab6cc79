package dev.coleta.tune;

import dev.coleta.nl2sql.Domains;
import dev.coleta.nl2sql.RandomDomains;
import dev.coleta.train.data.Example;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Synthetic copying exercises for cramming: every task asks the model to write what its prompt
 * shows (a column the question names, a value on the page, a class in the markup), an attention
 * skill that small transformers learn slowly from the tasks themselves. Three kinds, on lists of
 * 3-8 names drawn from schema words and random letter strings:
 * <ul>
 * <li>repeat the list ("Names: a, b, c" -> "a, b, c");</li>
 * <li>the name after a given one ("Which name follows b?" -> "c");</li>
 * <li>the name for a phrase ("Which column is about shelf id?" -> "ShelfId").</li>
 * </ul>
 * Deterministic by seed.
 */
final class CopyExercises {
    private CopyExercises() {
    }

    static List<Example.PromptCompletion> generate(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        List<String> words = schemaWords(seed);
        SplittableRandom r = new SplittableRandom(seed * 31 + 7);
        List<Example.PromptCompletion> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = 3 + r.nextInt(6);
            Set<String> names = new LinkedHashSet<>();
            while (names.size() < k) names.add(r.nextInt(3) == 0 ? randomWord(r) : styled(words.get(r.nextInt(words.size())), r));
            List<String> list = new ArrayList<>(names);
            String shown = String.join(", ", list);
            switch (i % 3) {
                case 0 -> out.add(new Example.PromptCompletion("Names: " + shown + "\nRepeat the names:\n", shown));
                case 1 -> {
                    int at = r.nextInt(k - 1);
                    out.add(new Example.PromptCompletion("Names: " + shown + "\nWhich name follows " + list.get(at) + "?\n", list.get(at + 1)));
                }
                default -> {
                    String name = list.get(r.nextInt(k));
                    out.add(new Example.PromptCompletion("Columns: " + shown + "\nWhich column is about " + Domains.phrase(name) + "?\n", name));
                }
            }
        }
        return out;
    }

    /**
     * The copying curriculum ({@link TunePlan#copyWarmup()}): a random word of 3-6 letters to
     * write again ("Word: qwer\nAgain: " -> "qwer"). A created model has nothing to go on but
     * the word in its prompt, so the only way down the loss is to attend to it and copy.
     */
    static List<Example.PromptCompletion> words(int n, long seed) {
        if (n < 0) throw new IllegalArgumentException("n must be >= 0, got " + n);
        SplittableRandom r = new SplittableRandom(seed * 131 + 5);
        List<Example.PromptCompletion> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String w = letters(r, 3 + r.nextInt(4));
            out.add(new Example.PromptCompletion("Word: " + w + "\nAgain: ", w));
        }
        return out;
    }

    /** Table and column names of drawn schemas (never the test split's). */
    private static List<String> schemaWords(long seed) {
        Set<String> words = new LinkedHashSet<>();
        for (Domains.Domain d : RandomDomains.generate(60, seed + 17)) {
            for (Domains.TableSpec t : d.tables()) {
                words.add(t.name());
                for (Domains.Col c : t.cols()) words.add(c.name());
            }
        }
        return new ArrayList<>(words);
    }

    /** A word as schemas write it: snake_case, PascalCase or camelCase. */
    private static String styled(String word, SplittableRandom r) {
        return switch (r.nextInt(3)) {
            case 0 -> word;
            case 1 -> Domains.pascal(word);
            default -> {
                String p = Domains.pascal(word);
                yield p.isEmpty() ? p : Character.toLowerCase(p.charAt(0)) + p.substring(1);
            }
        };
    }

    private static String randomWord(SplittableRandom r) {
        return letters(r, 3 + r.nextInt(6));
    }

    /** {@code len} random lowercase letters. */
    private static String letters(SplittableRandom r, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) sb.append((char) ('a' + r.nextInt(26)));
        return sb.toString();
    }

}
