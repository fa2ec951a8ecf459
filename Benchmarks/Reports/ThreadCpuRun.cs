// `-- cpu <Class.Method> [operations] [Param=value ...]`: one benchmark method, timed by the CPU time of the thread that runs
// it (CLOCK_THREAD_CPUTIME_ID) rather than by the wall clock, for a machine shared with other work: time
// spent preempted does not count. [Params] properties set from the arguments, then [GlobalSetup], as
// BenchmarkDotNet does it; OperationsPerInvoke honoured. Also prints the bytes the thread allocated per
// operation (compare-with-redis.sh --gc-requests reads it for the zero-allocation target).

using System.Reflection;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace EventLoopRedis.Benchmarks.Reports;

internal static class ThreadCpuRun
{
    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTime = 3;

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    private static long ThreadCpuNanoseconds()
    {
        ClockGetTime(ClockThreadCpuTime, out var time);
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    public static int Run(string name, long operations, IEnumerable<string> parameters)
    {
        int dot = name.LastIndexOf('.');
        var type = typeof(ThreadCpuRun).Assembly.GetTypes().SingleOrDefault(t => t.Name == name[..dot]);
        var method = type?.GetMethod(name[(dot + 1)..]);
        if (type is null || method is null)
        {
            Console.Error.WriteLine($"no benchmark {name}");
            return 2;
        }
        object instance = Activator.CreateInstance(type)!;
        foreach (var assignment in parameters)
        {
            var (property, value) = (assignment[..assignment.IndexOf('=')], assignment[(assignment.IndexOf('=') + 1)..]);
            var target = type.GetProperty(property) ?? throw new ArgumentException($"no parameter {property}");
            target.SetValue(instance, Convert.ChangeType(value, target.PropertyType, System.Globalization.CultureInfo.InvariantCulture));
        }
        type.GetMethods().SingleOrDefault(m => m.GetCustomAttribute<GlobalSetupAttribute>() is not null)?.Invoke(instance, null);
        int perInvoke = method.GetCustomAttribute<BenchmarkAttribute>()?.OperationsPerInvoke ?? 1;
        var body = method.CreateDelegate<Action>(instance);
        long invocations = Math.Max(1, operations / perInvoke);
        for (long i = 0; i < invocations / 4; i++) body(); // warm-up: tiered compilation reaches its final code
        var rounds = new double[5];
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int round = 0; round < rounds.Length; round++)
        {
            long started = ThreadCpuNanoseconds();
            for (long i = 0; i < invocations; i++) body();
            rounds[round] = (ThreadCpuNanoseconds() - started) / (double)(invocations * perInvoke);
        }
        // Exact, as BenchmarkDotNet's memory diagnoser counts: what this thread allocated in the measured rounds.
        double allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)(rounds.Length * invocations * perInvoke);
        Array.Sort(rounds);
        string label = string.Join(" ", new[] { name }.Concat(parameters));
        Console.WriteLine($"{label}: {rounds[2]:F1} ns per operation of thread CPU time (median of 5 rounds; {rounds[0]:F1}-{rounds[4]:F1}), {allocated:F1} bytes allocated per operation");
        return 0;
    }
}
