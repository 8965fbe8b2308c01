using System.Globalization;
using GameOps.Bench.Measurement;

namespace GameOps.Bench.Tests.Measurement;

public sealed class JitCostsTests
{
    private static string Exposition(double seconds, double methods) => $$"""
        # TYPE dotnet_jit_compilation_time_seconds_total counter
        dotnet_jit_compilation_time_seconds_total{otel_scope_name="System.Runtime"} {{seconds.ToString(CultureInfo.InvariantCulture)}}
        # TYPE dotnet_jit_compiled_methods_total counter
        dotnet_jit_compiled_methods_total{otel_scope_name="System.Runtime"} {{methods.ToString(CultureInfo.InvariantCulture)}}
        """;

    [Fact]
    public void The_window_gives_the_jits_seconds_methods_and_share_of_the_silos_cpu()
    {
        var costs = JitCosts.Between(Exposition(14.5, 38_000), Exposition(15.3, 38_666), siloCpuSeconds: 40).ToDictionary();

        Assert.Equal(0.8, costs["siloJitSeconds"], 3);
        Assert.Equal(666, costs["siloJitMethods"]);
        Assert.Equal(2.0, costs["siloJitPercentOfSiloCpu"]);
    }

    [Fact]
    public void A_silo_without_metrics_gives_nothing()
    {
        Assert.Empty(JitCosts.Between(null, Exposition(1, 1), siloCpuSeconds: 40));
    }
}
