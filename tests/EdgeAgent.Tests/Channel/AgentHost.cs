using GameOps.EdgeAgent.Adapters;
using GameOps.EdgeAgent.Channel;
using GameOps.EdgeAgent.Configuration;
using GameOps.EdgeAgent.Console;
using GameOps.EdgeAgent.Health;
using GameOps.EdgeAgent.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GameOps.EdgeAgent.Tests.Channel;

/// <summary>The agent composed as Program.cs composes it, with short reconnect delays, logging into a capture.</summary>
public sealed class AgentHost : IAsyncDisposable
{
    private readonly IHost _host;

    private AgentHost(IHost host) => _host = host;

    public static async Task<AgentHost> StartAsync(
        AgentConfig config,
        CapturingLoggerProvider logs,
        Action<AgentChannelOptions>? configure = null,
        TimeProvider? time = null,
        Action<ConsoleLogOptions>? console = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddGameAdapters();
        builder.Services.AddJobs();
        builder.Services.AddAgentChannel(config);
        builder.Services.AddServerHealth();
        builder.Services.Configure<AgentChannelOptions>(options =>
        {
            options.InitialReconnectDelay = TimeSpan.FromMilliseconds(50);
            options.MaxReconnectDelay = TimeSpan.FromMilliseconds(200);
            options.RefusedReconnectDelay = TimeSpan.FromMilliseconds(200);
            options.JitterSeed = 12345;
            configure?.Invoke(options);
        });
        if (console is not null)
        {
            builder.Services.Configure(console);
        }

        var host = builder.Build();
        await host.StartAsync();
        return new AgentHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
    }
}
