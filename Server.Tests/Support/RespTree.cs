// A raw RESP reply as a tree that serializes back to the same bytes, so a test can put the
// parts Redis leaves in hash order (subcommands, a dict's entries) in a fixed order and then
// still compare bytes.

using System.Text;

namespace EventLoopRedis.Tests.Support;

internal sealed class RespTree
{
    /// <summary>The type byte and header line, e.g. "*3" or "$5"; for a bulk, also its payload.</summary>
    public string Header { get; private set; } = "";
    public string? Payload { get; private init; }
    public List<RespTree> Children { get; } = new();

    public bool IsMap => Header[0] == '%';

    /// <summary>The text of a bulk or status reply, or null for an aggregate.</summary>
    public string? Text => Payload ?? (Header[0] is '+' or '-' ? Header[1..] : null);

    public static RespTree Parse(byte[] reply)
    {
        int at = 0;
        var tree = Parse(reply, ref at);
        if (at != reply.Length) throw new FormatException("trailing bytes after the reply");
        return tree;
    }

    private static RespTree Parse(byte[] data, ref int at)
    {
        int lineEnd = Array.IndexOf(data, (byte)'\r', at);
        string header = Encoding.Latin1.GetString(data, at, lineEnd - at);
        at = lineEnd + 2;
        switch (header[0])
        {
            case '$' or '=' or '!':
                int size = int.Parse(header[1..]);
                if (size < 0) return new RespTree { Header = header };
                var bulk = new RespTree { Header = header, Payload = Encoding.Latin1.GetString(data, at, size) };
                at += size + 2;
                return bulk;
            case '*' or '~' or '%' or '>' or '|':
                var node = new RespTree { Header = header };
                long count = long.Parse(header[1..]);
                if (header[0] is '%' or '|') count *= 2;
                for (long i = 0; i < count; i++) node.Children.Add(Parse(data, ref at));
                return node;
            default:
                return new RespTree { Header = header };
        }
    }

    public string Serialize()
    {
        var text = new StringBuilder();
        Write(text);
        return text.ToString();
    }

    private void Write(StringBuilder text)
    {
        text.Append(Header).Append("\r\n");
        if (Payload is not null) text.Append(Payload).Append("\r\n");
        foreach (var child in Children) child.Write(text);
    }

    /// <summary>Removes the elements that match, fixing the header's count.</summary>
    public void RemoveElements(Predicate<RespTree> match)
    {
        Children.RemoveAll(match);
        Header = Header[0] + Children.Count.ToString();
    }

    /// <summary>Removes the key/value pairs whose key matches, fixing the header's count (maps count pairs).</summary>
    public void RemovePairs(Predicate<RespTree> matchKey)
    {
        for (int i = Children.Count - 2; i >= 0; i -= 2)
        {
            if (matchKey(Children[i])) Children.RemoveRange(i, 2);
        }
        Header = Header[0] + (IsMap ? Children.Count / 2 : Children.Count).ToString();
    }

    /// <summary>Sorts the elements of this array or set by their bytes.</summary>
    public void SortElements() => Children.Sort((a, b) => string.CompareOrdinal(a.Serialize(), b.Serialize()));

    /// <summary>Sorts the key/value pairs of a map (or a flat key/value array, as RESP2 sends maps) by key bytes.</summary>
    public void SortPairs()
    {
        var pairs = new List<(RespTree Key, RespTree Value)>();
        for (int i = 0; i + 1 < Children.Count; i += 2) pairs.Add((Children[i], Children[i + 1]));
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key.Serialize(), b.Key.Serialize()));
        Children.Clear();
        foreach (var (key, value) in pairs)
        {
            Children.Add(key);
            Children.Add(value);
        }
    }

    /// <summary>The value after the key <paramref name="name"/> in a map or flat key/value array, or null.</summary>
    public RespTree? Field(string name)
    {
        for (int i = 0; i + 1 < Children.Count; i += 2)
        {
            if (Children[i].Text == name) return Children[i + 1];
        }
        return null;
    }
}
