using System.Globalization;
using System.Text;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// How names and queries are folded for search: NFKC (compatibility forms: "ﬁ" is "fi", full-width letters are ASCII),
/// case folding (lower case, plus the full foldings .NET's lowering leaves out, such as "ß" to "ss" and "ς" to "σ"),
/// and the accents of Latin, Greek and Cyrillic letters dropped ("Café" is "cafe"). Marks of other scripts stay
/// (Devanagari vowel signs, Japanese dakuten): there they change the word, not its spelling.
/// </summary>
public static class SearchText
{
    /// <summary>The longest query, in UTF-16 code units.</summary>
    public const int MaxQueryLength = 100;

    /// <summary>The folded whole name, then each word of it, once each: what a query's words must be prefixes of.</summary>
    public static string[] Keys(string name)
    {
        var folded = Fold(name);
        return [.. new[] { folded }.Concat(Words(folded)).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The words of a query, folded; a query of separators only (".", "--") is matched as a whole-name prefix. Empty
    /// when nothing is left to search by (only spaces and accents).
    /// </summary>
    public static string[] Terms(string query)
    {
        var folded = Fold(query).Trim();
        var words = Words(folded).Distinct(StringComparer.Ordinal).ToArray();
        return words.Length > 0 ? words : folded.Length > 0 ? [folded] : [];
    }

    public static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormKC).Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (rune.Value is >= 0x0300 and <= 0x036F) // Combining Diacritical Marks: the accents of Latin, Greek, Cyrillic
                continue;
            var lower = Rune.ToLowerInvariant(rune); // after decomposing, so "İ" is "I" plus a dot, and lowers to "i"
            folded.Append(Special(lower.Value) ?? lower.ToString());
        }
        return folded.ToString().Normalize(NormalizationForm.FormKC);
    }

    /// <summary>Runs of letters, marks and digits; everything else (spaces, <c>_ - .</c>, other punctuation, symbols) separates.</summary>
    private static IEnumerable<string> Words(string folded)
    {
        var word = new StringBuilder();
        foreach (var rune in folded.EnumerateRunes())
        {
            if (IsWordPart(rune))
            {
                word.Append(rune.ToString());
                continue;
            }
            if (word.Length > 0)
                yield return word.ToString();
            word.Clear();
        }
        if (word.Length > 0)
            yield return word.ToString();
    }

    private static bool IsWordPart(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
        // Joiners sit inside Persian words and emoji sequences.
        _ => rune.Value is 0x200C or 0x200D,
    };

    /// <summary>Full case foldings lowering misses, and Latin letters whose "accent" is part of the glyph (no decomposition).</summary>
    private static string? Special(int value) => value switch
    {
        0x00DF => "ss", // ß
        0x03C2 => "σ", // final sigma
        0x0131 => "i", // dotless i
        0x00E6 => "ae",
        0x0153 => "oe",
        0x00F8 => "o", // ø
        0x0142 => "l", // ł
        0x0111 or 0x00F0 => "d", // đ, ð
        0x00FE => "th", // þ
        _ => null,
    };
}
