// Glob-style pattern matching over raw bytes, as used by KEYS, SCAN MATCH and PSUBSCRIBE.
// cf. stringmatchlen() in Redis 7.0's src/util.c: same rules, same quirks, same abuse guards.

namespace EventLoopRedis.Storage;

/// <summary>
/// Matches a byte string against a glob pattern: <c>*</c> (any run of bytes), <c>?</c> (one byte),
/// <c>[abc]</c>, <c>[^abc]</c>, <c>[a-z]</c> (classes) and <c>\x</c> (a literal x).
/// </summary>
/// <remarks>
/// Like Redis 7.0, only the empty pattern matches the empty string, not even <c>*</c> does: KEYS and
/// SCAN special-case a lone <c>*</c> before calling the matcher, so callers must do the same.
/// </remarks>
internal static class Glob
{
    // Patterns such as "*?*?*?..." recurse once per star: Redis gives up past this depth
    // (reporting no match) rather than let one command exhaust the stack.
    private const int MaxNesting = 1000;

    public static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> str, bool noCase = false)
    {
        bool skipLongerMatches = false;
        return MatchFrom(pattern, str, noCase, ref skipLongerMatches, nesting: 0);
    }

    private static bool MatchFrom(
        ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> str, bool noCase, ref bool skipLongerMatches, int nesting)
    {
        if (nesting > MaxNesting)
            return false;

        int p = 0;
        int s = 0;
        while (p < pattern.Length && s < str.Length)
        {
            switch (pattern[p])
            {
                case (byte)'*':
                    return MatchStar(pattern[p..], str[s..], noCase, ref skipLongerMatches, nesting);
                case (byte)'?':
                    break;
                case (byte)'[':
                    if (!MatchClass(pattern, ref p, str[s], noCase))
                        return false;
                    break;
                case (byte)'\\':
                    // A trailing backslash has nothing to escape, so it stands for itself.
                    if (pattern.Length - p >= 2)
                        p++;
                    if (!SameByte(pattern[p], str[s], noCase))
                        return false;
                    break;
                default:
                    if (!SameByte(pattern[p], str[s], noCase))
                        return false;
                    break;
            }

            p++;
            s++;
            if (s == str.Length)
            {
                // Trailing stars may match nothing, so the string may end before the pattern does.
                while (p < pattern.Length && pattern[p] == '*')
                    p++;
                break;
            }
        }

        return p == pattern.Length && s == str.Length;
    }

    // Tries every split point for the star, shortest first. pattern starts at the star.
    private static bool MatchStar(
        ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> str, bool noCase, ref bool skipLongerMatches, int nesting)
    {
        // A run of stars matches what one star does, so skip to its last one.
        int star = 0;
        while (star + 1 < pattern.Length && pattern[star + 1] == '*')
            star++;
        if (star + 1 == pattern.Length)
            return true;

        ReadOnlySpan<byte> rest = pattern[(star + 1)..];
        for (int s = 0; s < str.Length; s++)
        {
            if (MatchFrom(rest, str[s..], noCase, ref skipLongerMatches, nesting + 1))
                return true;
            if (skipLongerMatches)
                return false;
        }

        // The rest of the pattern matches no suffix of str. Letting an earlier star swallow more
        // bytes would only offer it shorter suffixes, so every enclosing star can give up too:
        // this is what keeps "a*a*a*...*b" polynomial instead of exponential (Redis's fix for CVE-2022-36021).
        skipLongerMatches = true;
        return false;
    }

    // Matches one byte against the class opening at pattern[p]. On return p is at the class's
    // closing ']' (or, for an unterminated class, at its last byte) so the caller can step past it.
    private static bool MatchClass(ReadOnlySpan<byte> pattern, ref int p, byte c, bool noCase)
    {
        p++;
        bool negate = At(pattern, p) == '^';
        if (negate)
            p++;

        bool match = false;
        while (true)
        {
            int remaining = pattern.Length - p;
            if (At(pattern, p) == '\\' && remaining >= 2)
            {
                // Escapes inside a class compare exactly, even in nocase mode, as in Redis.
                p++;
                match |= pattern[p] == c;
            }
            else if (At(pattern, p) == ']')
            {
                break;
            }
            else if (remaining == 0)
            {
                // Unterminated class: whatever was read so far is the class.
                p--;
                break;
            }
            else if (remaining >= 3 && pattern[p + 1] == '-')
            {
                match |= InRange(pattern[p], pattern[p + 2], c, noCase);
                p += 2;
            }
            else
            {
                match |= SameByte(pattern[p], c, noCase);
            }

            p++;
        }

        return match != negate;
    }

    // Redis compares range bounds as C chars, which are signed on x86-64: bytes 0x80-0xFF sort below
    // '\0' there, so [a-\xff] means [\xff-a]. Reproduced, like the tolower() below, for identical answers.
    private static bool InRange(byte first, byte last, byte c, bool noCase)
    {
        int start = (sbyte)first;
        int end = (sbyte)last;
        int value = (sbyte)c;
        if (start > end)
            (start, end) = (end, start);
        if (noCase)
        {
            start = CToLower(start);
            end = CToLower(end);
            value = CToLower(value);
        }

        return value >= start && value <= end;
    }

    private static bool SameByte(byte a, byte b, bool noCase) =>
        noCase ? CToLower(a) == CToLower(b) : a == b;

    // glibc's tolower() in the "C" locale Redis runs with: only ASCII letters fold. Given a negative
    // (signed char) argument it answers the unsigned byte value, except -1, which is EOF and stays -1.
    private static int CToLower(int c) => c switch
    {
        >= 'A' and <= 'Z' => c + ('a' - 'A'),
        < -1 => c + 256,
        _ => c,
    };

    // C patterns end with a NUL, and stringmatchlen peeks one byte past the end in places;
    // reading 0 there keeps those peeks harmless and the answers identical.
    private static byte At(ReadOnlySpan<byte> span, int index) => index < span.Length ? span[index] : (byte)0;
}
