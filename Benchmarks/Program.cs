// BenchmarkDotNet entry point: `dotnet run -c Release --project Benchmarks -- --filter '*'`.

using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(EventLoopRedis.Benchmarks.Commands.PipelineBenchmarks).Assembly).Run(args);
