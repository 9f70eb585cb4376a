using BenchmarkDotNet.Running;

namespace SessionCluster.Bench.Micro;

/// <summary>BenchmarkDotNet's command line: <c>--filter '*'</c>, <c>--job short</c>, <c>--list flat</c>, ... (bench/micro.sh).</summary>
public static class MicroProgram
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(MicroProgram).Assembly).Run(args);
}
