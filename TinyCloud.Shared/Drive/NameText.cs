using System.Text;

namespace TinyCloud.Shared.Drive;

/// <summary>
/// Text that must never be part of a name: what cannot be normalized (unpaired surrogates, Unicode noncharacters)
/// and the invisible characters that make one name look like another (bidi controls, zero-width spaces).
/// Zero-width joiners (U+200C, U+200D) stay allowed: Persian spelling and emoji sequences need them.
/// </summary>
public static class NameText
{
    public const string BrokenUnicodeRule =
        "Names must not contain Unicode noncharacters (such as U+FFFE or U+FDD0) or unpaired surrogates.";

    public const string InvisibleRule =
        "Names must not contain invisible characters: bidi controls (U+200E, U+200F, U+061C, U+202A–U+202E, U+2066–U+2069) " +
        "or zero-width spaces (U+200B, U+2060, U+FEFF, U+180E).";

    /// <summary>True when <paramref name="text"/> is well-formed UTF-16 without noncharacters, so it can be normalized.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text)
    {
        while (!text.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(text, out var rune, out var used) != System.Buffers.OperationStatus.Done || IsNoncharacter(rune.Value))
                return false;
            text = text[used..];
        }
        return true;
    }

    public static bool HasInvisible(string text) => text.AsSpan().IndexOfAny(Invisible) >= 0;

    private static readonly System.Buffers.SearchValues<char> Invisible = System.Buffers.SearchValues.Create(
        "\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200B\u2060\uFEFF\u180E");

    private static bool IsNoncharacter(int value) => value is >= 0xFDD0 and <= 0xFDEF || (value & 0xFFFE) == 0xFFFE;
}
