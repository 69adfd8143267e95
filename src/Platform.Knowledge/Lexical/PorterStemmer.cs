namespace Platform.Knowledge.Lexical;

/// <summary>
/// Porter's stemmer as SQLite's FTS5 <c>porter</c> tokenizer applies it (Martin Porter's reference rules, with his
/// later "bli" and "logi" steps): the in-memory keyword index must reduce a word to the same stem FTS5 does, so both
/// engines match the same words and a query means the same on either. A token of fewer than 3 or more than 64 UTF-8
/// bytes passes through, as in FTS5. The stemmer tests check every word of the shipped knowledge bases against
/// SQLite's own stems.
/// </summary>
public static class PorterStemmer
{
    private const int MinBytes = 3;
    private const int MaxBytes = 64;

    /// <summary>The stem of a lower-case token.</summary>
    public static string Stem(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var bytes = System.Text.Encoding.UTF8.GetByteCount(token);
        if (bytes is < MinBytes or > MaxBytes)
        {
            return token;
        }

        Span<char> buffer = stackalloc char[token.Length + 2];
        token.AsSpan().CopyTo(buffer);
        var n = token.Length;

        Step1A(buffer, ref n);
        if (Step1B(buffer, ref n))
        {
            if (!Step1B2(buffer, ref n))
            {
                var c = buffer[n - 1];
                if (!IsVowel(c, false) && c is not ('l' or 's' or 'z') && n > 1 && c == buffer[n - 2])
                {
                    n--;
                }
                else if (MeasureIsOne(buffer[..n]) && EndsCvc(buffer[..n]))
                {
                    buffer[n++] = 'e';
                }
            }
        }

        // Step 1c: y after a vowel-bearing stem becomes i.
        if (buffer[n - 1] == 'y' && HasVowel(buffer[..(n - 1)]))
        {
            buffer[n - 1] = 'i';
        }

        Step2(buffer, ref n);
        Step3(buffer, ref n);
        Step4(buffer, ref n);

        // Step 5a.
        if (buffer[n - 1] == 'e' && (MeasureAboveOne(buffer[..(n - 1)]) || (MeasureIsOne(buffer[..(n - 1)]) && !EndsCvc(buffer[..(n - 1)]))))
        {
            n--;
        }

        // Step 5b.
        if (n > 1 && buffer[n - 1] == 'l' && buffer[n - 2] == 'l' && MeasureAboveOne(buffer[..(n - 1)]))
        {
            n--;
        }

        return new string(buffer[..n]);
    }

    private static bool IsVowel(char c, bool yIsVowel) => c is 'a' or 'e' or 'i' or 'o' or 'u' || (yIsVowel && c == 'y');

    /// <summary>The end of the first vowel-consonant run (the position after it), or 0 when there is none.</summary>
    private static int GobbleVowelConsonant(ReadOnlySpan<char> stem, bool previousIsConsonant)
    {
        var consonant = previousIsConsonant;
        var i = 0;
        for (; i < stem.Length; i++)
        {
            consonant = !IsVowel(stem[i], consonant);
            if (!consonant)
            {
                break;
            }
        }

        for (i++; i < stem.Length; i++)
        {
            consonant = !IsVowel(stem[i], consonant);
            if (consonant)
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static bool MeasureAboveZero(ReadOnlySpan<char> stem) => GobbleVowelConsonant(stem, false) != 0;

    private static bool MeasureAboveOne(ReadOnlySpan<char> stem)
    {
        var first = GobbleVowelConsonant(stem, false);
        return first != 0 && GobbleVowelConsonant(stem[first..], true) != 0;
    }

    private static bool MeasureIsOne(ReadOnlySpan<char> stem)
    {
        var first = GobbleVowelConsonant(stem, false);
        return first != 0 && GobbleVowelConsonant(stem[first..], true) == 0;
    }

    /// <summary>Porter's *o: the stem ends consonant-vowel-consonant, the last not w, x or y.</summary>
    private static bool EndsCvc(ReadOnlySpan<char> stem)
    {
        if (stem.Length == 0 || stem[^1] is 'w' or 'x' or 'y')
        {
            return false;
        }

        var mask = 0;
        var consonant = false;
        foreach (var c in stem)
        {
            consonant = !IsVowel(c, consonant);
            mask = (mask << 1) + (consonant ? 1 : 0);
        }

        return (mask & 0b111) == 0b101;
    }

    /// <summary>Porter's *v*, as FTS5 tests it: y counts as a vowel anywhere but first.</summary>
    private static bool HasVowel(ReadOnlySpan<char> stem)
    {
        for (var i = 0; i < stem.Length; i++)
        {
            if (IsVowel(stem[i], i > 0))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Ends(Span<char> word, int n, string suffix) =>
        n > suffix.Length && word[..n].EndsWith(suffix.AsSpan(), StringComparison.Ordinal);

    private static void Replace(Span<char> word, ref int n, string suffix, string replacement)
    {
        n -= suffix.Length;
        replacement.AsSpan().CopyTo(word[n..]);
        n += replacement.Length;
    }

    private static void Step1A(Span<char> w, ref int n)
    {
        if (w[n - 1] != 's')
        {
            return;
        }

        if (w[n - 2] == 'e')
        {
            // sses -> ss, ies -> i, es -> e
            n -= (n > 4 && w[n - 4] == 's' && w[n - 3] == 's') || (n > 3 && w[n - 3] == 'i') ? 2 : 1;
        }
        else if (w[n - 2] != 's')
        {
            n--;
        }
    }

    private static bool Step1B(Span<char> w, ref int n)
    {
        switch (w[n - 2])
        {
            case 'e':
                if (Ends(w, n, "eed"))
                {
                    if (MeasureAboveZero(w[..(n - 3)]))
                    {
                        Replace(w, ref n, "eed", "ee");
                    }
                }
                else if (Ends(w, n, "ed") && HasVowel(w[..(n - 2)]))
                {
                    n -= 2;
                    return true;
                }

                break;
            case 'n':
                if (Ends(w, n, "ing") && HasVowel(w[..(n - 3)]))
                {
                    n -= 3;
                    return true;
                }

                break;
        }

        return false;
    }

    private static bool Step1B2(Span<char> w, ref int n)
    {
        foreach (var (suffix, replacement) in (ReadOnlySpan<(string, string)>)[("at", "ate"), ("bl", "ble"), ("iz", "ize")])
        {
            if (Ends(w, n, suffix))
            {
                Replace(w, ref n, suffix, replacement);
                return true;
            }
        }

        return false;
    }

    // Each step tries its suffixes in order; the first that the word ends with decides, whether or not its
    // condition on the stem holds (Porter's "longest match" rule, as the reference implementation orders them).
    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("logi", "log"),
        ("bli", "ble"), ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"),
        ("ation", "ate"), ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"),
        ("aliti", "al"), ("iviti", "ive"), ("biliti", "ble"),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate", "iti",
        "ous", "ive", "ize",
    ];

    private static void Step2(Span<char> w, ref int n) => ApplyFirst(w, ref n, Step2Rules);

    private static void Step3(Span<char> w, ref int n) => ApplyFirst(w, ref n, Step3Rules);

    private static void ApplyFirst(Span<char> w, ref int n, (string Suffix, string Replacement)[] rules)
    {
        if (n < 2)
        {
            return;
        }

        // The reference code switches on the next-to-last letter, so only rules sharing it compete.
        var key = w[n - 2];
        foreach (var (suffix, replacement) in rules)
        {
            if (suffix[^2] != key || !Ends(w, n, suffix))
            {
                continue;
            }

            if (MeasureAboveZero(w[..(n - suffix.Length)]))
            {
                Replace(w, ref n, suffix, replacement);
            }

            return;
        }
    }

    private static void Step4(Span<char> w, ref int n)
    {
        if (n < 2)
        {
            return;
        }

        var key = w[n - 2];
        foreach (var suffix in Step4Suffixes)
        {
            if (suffix[^2] != key || !Ends(w, n, suffix))
            {
                continue;
            }

            var stem = w[..(n - suffix.Length)];
            var holds = suffix == "ion"
                ? stem.Length > 0 && stem[^1] is 's' or 't' && MeasureAboveOne(stem)
                : MeasureAboveOne(stem);
            if (holds)
            {
                n -= suffix.Length;
            }

            return;
        }
    }
}
