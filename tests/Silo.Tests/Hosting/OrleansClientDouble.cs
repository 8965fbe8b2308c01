using Microsoft.Extensions.Hosting;

namespace GameOps.Silo.Tests.Hosting;

/// <summary>The Orleans client's hosted service, whose start returns at once: a gateway that answered.</summary>
public sealed class OrleansClientDouble : IHostedService
{
    public bool Stopped { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Stopped = true;
        return Task.CompletedTask;
    }
}
