// The server log, in Redis's format: "pid:role day month year time.ms level message".
// cf. serverLog in server.c.

using System.Globalization;

namespace EventLoopRedis.EventLoop;

internal enum LogLevel
{
    Debug,
    Verbose,
    Notice,
    Warning,
}

internal static class Log
{
    private static LogLevel _minLevel = LogLevel.Notice;

    public static LogLevel MinLevel
    {
        get => _minLevel;
        set
        {
            _minLevel = value;
            Tracing = value == LogLevel.Debug;
        }
    }

    /// <summary>
    /// True at loglevel debug: the event loop then narrates what it does (select, resume,
    /// yield, flush). Callers test it before building a message, so tracing costs nothing
    /// when it is off.
    /// </summary>
    public static bool Tracing { get; private set; }
    public static TextWriter Output { get; set; } = Console.Out;

    private static readonly int Pid = Environment.ProcessId;

    public static void Debug(string message) => Write(LogLevel.Debug, message);
    public static void Verbose(string message) => Write(LogLevel.Verbose, message);
    public static void Notice(string message) => Write(LogLevel.Notice, message);
    public static void Warning(string message) => Write(LogLevel.Warning, message);

    /// <summary>A line of the schedule trace (<c>--loop-trace yes</c>): written whatever the loglevel.</summary>
    public static void Trace(string message) => Emit('.', message);

    public static LogLevel Parse(string level) => level switch
    {
        "debug" => LogLevel.Debug,
        "verbose" => LogLevel.Verbose,
        "warning" => LogLevel.Warning,
        _ => LogLevel.Notice,
    };

    private static void Write(LogLevel level, string message)
    {
        if (level < MinLevel) return;
        Emit(level switch { LogLevel.Debug => '.', LogLevel.Verbose => '-', LogLevel.Notice => '*', _ => '#' }, message);
    }

    // The loop is not the only writer: the signal handler, the BGSAVE writer and the AOF's fsync
    // thread log too, and a log file's StreamWriter is not thread-safe.
    private static readonly Lock s_writing = new();

    /// <summary>The role letter of each line: M for a primary, S while following one (cf. the role_char of serverLogRaw).</summary>
    public static volatile bool IsReplica;

    private static void Emit(char mark, string message)
    {
        string time = DateTime.Now.ToString("dd MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture);
        lock (s_writing)
        {
            Output.WriteLine($"{Pid}:{(IsReplica ? 'S' : 'M')} {time} {mark} {message}");
            Output.Flush();
        }
    }
}
