// Splits a line into arguments with Redis's quoting rules, for inline commands and config files.
// cf. sdssplitargs in sds.c.

namespace EventLoopRedis.Protocol;

internal static class InlineSplitter
{
    /// <summary>
    /// Splits <paramref name="line"/> in place: unescaped argument bytes are written back
    /// over the line (they are never longer than their source), and each argument is added
    /// to <paramref name="args"/> as an offset from <paramref name="lineOffset"/>.
    /// Returns false on unbalanced quotes, or a closing quote not followed by a space.
    /// </summary>
    public static bool Split(Span<byte> line, int lineOffset, ArgList args)
    {
        int read = 0;
        int write = 0;
        while (true)
        {
            while (read < line.Length && IsSpace(line[read])) read++;
            if (read == line.Length) return true;

            int argStart = write;
            bool inDoubleQuotes = false;
            bool inSingleQuotes = false;
            bool done = false;
            while (!done)
            {
                if (inDoubleQuotes)
                {
                    if (read == line.Length) return false;
                    byte c = line[read];
                    if (c == (byte)'\\' && read + 3 < line.Length && line[read + 1] == (byte)'x'
                        && IsHex(line[read + 2]) && IsHex(line[read + 3]))
                    {
                        line[write++] = (byte)(HexValue(line[read + 2]) * 16 + HexValue(line[read + 3]));
                        read += 4;
                        continue;
                    }
                    if (c == (byte)'\\' && read + 1 < line.Length)
                    {
                        read++;
                        line[write++] = line[read] switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            var other => other,
                        };
                        read++;
                        continue;
                    }
                    if (c == (byte)'"')
                    {
                        // A closing quote must end the argument.
                        if (read + 1 < line.Length && !IsSpace(line[read + 1])) return false;
                        read++;
                        done = true;
                        continue;
                    }
                    line[write++] = c;
                    read++;
                }
                else if (inSingleQuotes)
                {
                    if (read == line.Length) return false;
                    byte c = line[read];
                    if (c == (byte)'\\' && read + 1 < line.Length && line[read + 1] == (byte)'\'')
                    {
                        line[write++] = (byte)'\'';
                        read += 2;
                        continue;
                    }
                    if (c == (byte)'\'')
                    {
                        if (read + 1 < line.Length && !IsSpace(line[read + 1])) return false;
                        read++;
                        done = true;
                        continue;
                    }
                    line[write++] = c;
                    read++;
                }
                else
                {
                    if (read == line.Length) { done = true; continue; }
                    byte c = line[read];
                    switch (c)
                    {
                        case (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 0:
                            done = true;
                            break;
                        case (byte)'"':
                            inDoubleQuotes = true;
                            break;
                        case (byte)'\'':
                            inSingleQuotes = true;
                            break;
                        default:
                            line[write++] = c;
                            break;
                    }
                    read++;
                }
            }
            args.Add(lineOffset + argStart, write - argStart);
        }
    }

    // isspace() in the C locale.
    private static bool IsSpace(byte c) => c is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private static bool IsHex(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
