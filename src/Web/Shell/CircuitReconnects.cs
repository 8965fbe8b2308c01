using Microsoft.AspNetCore.Components.Server.Circuits;

namespace GameOps.Web.Shell;

/// <summary>
/// Tells a circuit's pages that its browser connection came back after a drop, so a page that follows a feed (a console)
/// can read what it may have missed, after the last number it showed.
/// </summary>
public sealed class CircuitReconnects : CircuitHandler
{
    /// <summary>Raised on the circuit's connection coming up again.</summary>
    public event Func<Task>? Reconnected;

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        if (Reconnected is { } reconnected)
        {
            await reconnected();
        }
    }

    /// <summary>What the circuit does when its connection comes up, for tests that have no circuit.</summary>
    public Task RaiseAsync() => Reconnected?.Invoke() ?? Task.CompletedTask;
}
