// Decodes a raw RESP reply into plain values for tests that compare structure, not bytes.

using System.Text;

namespace EventLoopRedis.Tests.Support;

internal static class Resp
{
    /// <summary>Strings (Latin-1) for status/bulk/error, long for integers, List for arrays/maps/sets, null for nulls.</summary>
    public static object? Parse(byte[] reply)
    {
        int at = 0;
        return Parse(reply, ref at);
    }

    private static object? Parse(byte[] data, ref int at)
    {
        int lineEnd = Array.IndexOf(data, (byte)'\r', at);
        byte type = data[at];
        string header = Encoding.Latin1.GetString(data, at + 1, lineEnd - at - 1);
        at = lineEnd + 2;
        switch ((char)type)
        {
            case '+' or '-':
                return header;
            case ':':
                return long.Parse(header);
            case '_':
                return null;
            case '$' or '=':
                int size = int.Parse(header);
                if (size < 0) return null;
                string text = Encoding.Latin1.GetString(data, at, size);
                at += size + 2;
                return text;
            default:
                long count = long.Parse(header);
                if (count < 0) return null;
                if (type == (byte)'%') count *= 2;
                var items = new List<object?>();
                for (long i = 0; i < count; i++) items.Add(Parse(data, ref at));
                return items;
        }
    }

    /// <summary>A flat [k1, v1, k2, v2 ...] reply as a dictionary.</summary>
    public static Dictionary<string, object?> AsMap(byte[] reply)
    {
        var items = (List<object?>)Parse(reply)!;
        var map = new Dictionary<string, object?>();
        for (int i = 0; i < items.Count; i += 2) map[(string)items[i]!] = items[i + 1];
        return map;
    }
}
