// Tests for Glob.Match against the answers Redis 7.0's stringmatchlen (src/util.c) gives.
// Cases come from Redis's KEYS documentation and test suite (tests/unit/keyspace.tcl) and from util.c's quirks.

using System.Diagnostics;
using System.Text;
using EventLoopRedis.Storage;

namespace EventLoopRedis.Tests.Storage;

public class GlobTests
{
    // Latin-1 maps each char to the byte of the same value, so "\xff" in a test case is the byte 0xFF.
    private static bool Match(string pattern, string str, bool noCase = false) =>
        Glob.Match(Encoding.Latin1.GetBytes(pattern), Encoding.Latin1.GetBytes(str), noCase);

    [TestCase("hello", "hello", ExpectedResult = true)]
    [TestCase("hello", "hell", ExpectedResult = false)]
    [TestCase("hell", "hello", ExpectedResult = false)]
    [TestCase("h?llo", "hello", ExpectedResult = true)]
    [TestCase("h?llo", "hallo", ExpectedResult = true)]
    [TestCase("h?llo", "hllo", ExpectedResult = false)]
    [TestCase("h*llo", "hllo", ExpectedResult = true)]
    [TestCase("h*llo", "heeeello", ExpectedResult = true)]
    [TestCase("h[ae]llo", "hello", ExpectedResult = true)]
    [TestCase("h[ae]llo", "hallo", ExpectedResult = true)]
    [TestCase("h[ae]llo", "hillo", ExpectedResult = false)]
    [TestCase("h[^e]llo", "hallo", ExpectedResult = true)]
    [TestCase("h[^e]llo", "hbllo", ExpectedResult = true)]
    [TestCase("h[^e]llo", "hello", ExpectedResult = false)]
    [TestCase("h[a-b]llo", "hallo", ExpectedResult = true)]
    [TestCase("h[a-b]llo", "hbllo", ExpectedResult = true)]
    [TestCase("h[a-b]llo", "hcllo", ExpectedResult = false)]
    public bool KeysDocumentationExamples(string pattern, string str) => Match(pattern, str);

    [Test]
    public void KeysWithPatternFromRedisTestSuite()
    {
        string[] keys = ["key_x", "key_y", "key_z", "foo_a", "foo_b", "foo_c"];

        Assert.Multiple(() =>
        {
            Assert.That(keys.Where(k => Match("foo*", k)), Is.EquivalentTo(new[] { "foo_a", "foo_b", "foo_c" }));
            Assert.That(keys.Where(k => Match("key*", k)), Is.EquivalentTo(new[] { "key_x", "key_y", "key_z" }));
            Assert.That(keys.Where(k => Match("*_[xa]", k)), Is.EquivalentTo(new[] { "key_x", "foo_a" }));
        });
    }

    [TestCase("*", "anything", ExpectedResult = true)]
    [TestCase("**", "x", ExpectedResult = true)]
    [TestCase("a*", "a", ExpectedResult = true)]
    [TestCase("a**", "a", ExpectedResult = true)]
    [TestCase("*a", "a", ExpectedResult = true)]
    [TestCase("a*b", "ab", ExpectedResult = true)]
    [TestCase("a*b*", "ab", ExpectedResult = true)]
    [TestCase("a*b", "acbd", ExpectedResult = false)]
    [TestCase("*11*", "key:110", ExpectedResult = true)]
    [TestCase("*11*", "key:101", ExpectedResult = false)]
    [TestCase("?", "", ExpectedResult = false)]
    [TestCase("??", "a", ExpectedResult = false)]
    [TestCase("", "", ExpectedResult = true)]
    [TestCase("", "a", ExpectedResult = false)]
    public bool StarsAndQuestionMarksMatchLikeRedis(string pattern, string str) => Match(pattern, str);

    [Test]
    public void LoneStarDoesNotMatchTheEmptyStringAsInRedis()
    {
        // Redis 7.0 stops as soon as the string is exhausted; KEYS and SCAN special-case "*" instead.
        Assert.That(Match("*", ""), Is.False);
    }

    [TestCase(@"\*", "*", ExpectedResult = true)]
    [TestCase(@"\*", "a", ExpectedResult = false)]
    [TestCase(@"a\?b", "a?b", ExpectedResult = true)]
    [TestCase(@"a\?b", "axb", ExpectedResult = false)]
    [TestCase(@"\[a]", "[a]", ExpectedResult = true)]
    [TestCase(@"\\", @"\", ExpectedResult = true)]
    [TestCase(@"\a", "a", ExpectedResult = true)]
    [TestCase(@"ab\", @"ab\", ExpectedResult = true)]
    [TestCase(@"ab\", "ab", ExpectedResult = false)]
    public bool BackslashMakesTheNextByteLiteral(string pattern, string str) => Match(pattern, str);

    [TestCase("[abc]", "b", ExpectedResult = true)]
    [TestCase("[abc]", "d", ExpectedResult = false)]
    [TestCase("[abc]", "", ExpectedResult = false)]
    [TestCase("[]", "a", ExpectedResult = false)]
    [TestCase("[]a]", "]a]", ExpectedResult = false)]
    [TestCase(@"[\]]", "]", ExpectedResult = true)]
    [TestCase(@"[\-]", "-", ExpectedResult = true)]
    [TestCase(@"[a\-z]", "-", ExpectedResult = true)]
    [TestCase(@"[a\-z]", "b", ExpectedResult = false)]
    [TestCase(@"[\\]", @"\", ExpectedResult = true)]
    [TestCase("[*?]", "?", ExpectedResult = true)]
    [TestCase("[*?]", "x", ExpectedResult = false)]
    public bool ClassesMatchOneByteOfTheSet(string pattern, string str) => Match(pattern, str);

    [TestCase("[a-c]", "b", ExpectedResult = true)]
    [TestCase("[a-c]", "d", ExpectedResult = false)]
    [TestCase("[z-a]", "m", ExpectedResult = true)]
    [TestCase("[c-a]", "d", ExpectedResult = false)]
    [TestCase("[0-9a-f]", "e", ExpectedResult = true)]
    [TestCase("[0-9a-f]", "g", ExpectedResult = false)]
    [TestCase("[a-]", "-", ExpectedResult = false)]
    [TestCase("[a-]", "_", ExpectedResult = true)]
    [TestCase("[-a]", "-", ExpectedResult = true)]
    public bool RangesMatchWhicheverWayRoundTheyAreWritten(string pattern, string str) => Match(pattern, str);

    [TestCase("[^abc]", "d", ExpectedResult = true)]
    [TestCase("[^abc]", "a", ExpectedResult = false)]
    [TestCase("[^a-c]", "b", ExpectedResult = false)]
    [TestCase(@"[^\]]", "]", ExpectedResult = false)]
    [TestCase(@"[^\]]", "x", ExpectedResult = true)]
    [TestCase("[^]", "x", ExpectedResult = true)]
    public bool CaretNegatesAClass(string pattern, string str) => Match(pattern, str);

    [TestCase("[abc", "b", ExpectedResult = true)]
    [TestCase("[abc", "d", ExpectedResult = false)]
    [TestCase("x[ab", "xa", ExpectedResult = true)]
    [TestCase("[", "[", ExpectedResult = false)]
    [TestCase("[^", "x", ExpectedResult = true)]
    [TestCase(@"[\", @"\", ExpectedResult = true)]
    [TestCase("[a-", "-", ExpectedResult = true)]
    [TestCase("[a-", "b", ExpectedResult = false)]
    public bool UnterminatedClassIsWhateverFollowsTheBracket(string pattern, string str) => Match(pattern, str);

    [TestCase("HELLO", "hello", true, ExpectedResult = true)]
    [TestCase("HELLO", "hello", false, ExpectedResult = false)]
    [TestCase("h?llo", "HELLO", true, ExpectedResult = true)]
    [TestCase("H[A-Z]LLO", "hello", true, ExpectedResult = true)]
    [TestCase("h[A-Z]llo", "hello", false, ExpectedResult = false)]
    [TestCase("[ABC]", "b", true, ExpectedResult = true)]
    [TestCase("[^ABC]", "b", true, ExpectedResult = false)]
    [TestCase(@"[\A]", "a", true, ExpectedResult = false)]
    [TestCase(@"\A", "a", true, ExpectedResult = true)]
    [TestCase("*O", "foo", true, ExpectedResult = true)]
    [TestCase("\xc4", "\xe4", true, ExpectedResult = false)]
    [TestCase("[", "[", true, ExpectedResult = false)]
    public bool NoCaseFoldsAsciiLettersOnly(string pattern, string str, bool noCase) => Match(pattern, str, noCase);

    // C chars are signed where Redis usually runs, so 0x80-0xFF sort below 0x00 in range bounds.
    [TestCase("[a-\xff]", "b", ExpectedResult = false)]
    [TestCase("[a-\xff]", "A", ExpectedResult = true)]
    [TestCase("[a-\xff]", "\xff", ExpectedResult = true)]
    [TestCase("[\x80-\x90]", "\x85", ExpectedResult = true)]
    [TestCase("[\x80-\x90]", "a", ExpectedResult = false)]
    public bool RangeBoundsCompareAsSignedChars(string pattern, string str) => Match(pattern, str);

    [TestCase("a\0*", "a\0bc", ExpectedResult = true)]
    [TestCase("a?c", "a\0c", ExpectedResult = true)]
    [TestCase("a\0c", "a\0d", ExpectedResult = false)]
    [TestCase("[\0]", "\0", ExpectedResult = true)]
    [TestCase("*\xff", "\x01\xff", ExpectedResult = true)]
    public bool AnyByteValueIsMatchedLikeAnyOther(string pattern, string str) => Match(pattern, str);

    [Test]
    public void NestedStarsAgainstALongStringReturnQuickly()
    {
        // keyspace.tcl "Regression for pattern matching long nested loops": exponential without skipLongerMatches.
        string pattern = string.Concat(Enumerable.Repeat("a*", 20)) + "b";
        string key = new('a', 40);

        Assert.That(RunWithDeadline(() => Match(pattern, key)), Is.False);
    }

    [Test]
    public void VeryDeeplyNestedStarsGiveUpInsteadOfOverflowingTheStack()
    {
        // keyspace.tcl "Regression for pattern matching very long nested loops".
        string pattern = string.Concat(Enumerable.Repeat("*?", 50000));
        string key = new('a', 50000);

        Assert.That(RunWithDeadline(() => Match(pattern, key)), Is.False);
    }

    [Test]
    public void StarsNestedWithinTheLimitStillMatch()
    {
        string pattern = string.Concat(Enumerable.Repeat("*?", 500));
        string key = new('a', 600);

        Assert.That(RunWithDeadline(() => Match(pattern, key)), Is.True);
    }

    // A runaway matcher would hang the test run; this turns it into a failure instead.
    private static bool RunWithDeadline(Func<bool> match)
    {
        var stopwatch = Stopwatch.StartNew();
        Task<bool> task = Task.Run(match);
        Assert.That(task.Wait(TimeSpan.FromSeconds(10)), Is.True, "matching did not finish in time");
        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        return task.Result;
    }
}
