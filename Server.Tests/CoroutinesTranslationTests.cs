// docs/coroutines.zh-CN.md must tell the same story as docs/coroutines.md, section for section:
// a section added to one and not the other, or a code sample changed in one, fails here.

using System.Text.RegularExpressions;

namespace EventLoopRedis.Tests;

public partial class CoroutinesTranslationTests
{
    private static string English => File.ReadAllText(DocsTests.RepositoryFile("docs/coroutines.md"));
    private static string Chinese => File.ReadAllText(DocsTests.RepositoryFile("docs/coroutines.zh-CN.md"));

    [GeneratedRegex(@"^ *```.*?^ *```$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"^(?=#+ )", RegexOptions.Multiline)]
    private static partial Regex SectionStart();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"^\s*(?:[-*]|\d+\.) ", RegexOptions.Multiline)]
    private static partial Regex ListItem();

    /// <summary>What a translation keeps of one section: its heading level, list items, table rows and the code it names.</summary>
    private sealed record Shape(string Heading, int Level, int ListItems, int TableRows, string Code);

    private static List<Shape> Shapes(string markdown)
    {
        var prose = CodeBlock().Replace(markdown, "");
        var shapes = new List<Shape>();
        foreach (var section in SectionStart().Split(prose))
        {
            if (section.Trim().Length == 0) continue;
            string heading = section.Split('\n')[0];
            var code = InlineCode().Matches(section).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal);
            shapes.Add(new Shape(heading, heading.TakeWhile(c => c == '#').Count(), ListItem().Matches(section).Count,
                section.Split('\n').Count(line => line.StartsWith('|')), string.Join(" ", code)));
        }
        return shapes;
    }

    [Test]
    public void ChineseHasTheSameSectionsInTheSameOrder()
    {
        var english = Shapes(English);
        var chinese = Shapes(Chinese);
        Assert.That(chinese.Select(s => s.Level), Is.EqualTo(english.Select(s => s.Level)),
            $"sections differ:\n  en: {string.Join(" / ", english.Select(s => s.Heading))}\n  zh: {string.Join(" / ", chinese.Select(s => s.Heading))}");
        for (int i = 0; i < english.Count; i++)
        {
            string where = $"'{english[i].Heading}' / '{chinese[i].Heading}'";
            Assert.That(chinese[i].ListItems, Is.EqualTo(english[i].ListItems), $"list items of {where}");
            Assert.That(chinese[i].TableRows, Is.EqualTo(english[i].TableRows), $"table rows of {where}");
            Assert.That(chinese[i].Code, Is.EqualTo(english[i].Code), $"the code names mentioned in {where}");
        }
    }

    [Test]
    public void CodeSamplesAndTraceExcerptsAreIdentical()
    {
        var english = CodeBlock().Matches(English).Select(m => m.Value).ToList();
        var chinese = CodeBlock().Matches(Chinese).Select(m => m.Value).ToList();
        Assert.That(english, Is.Not.Empty);
        Assert.That(chinese, Is.EqualTo(english));
    }
}
