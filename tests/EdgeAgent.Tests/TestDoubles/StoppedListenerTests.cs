using System.Net;
using System.Net.Sockets;
using GameOps.TestSupport;

namespace GameOps.EdgeAgent.Tests.TestDoubles;

/// <summary>
/// The game-server doubles' accept loops end quietly when they are stopped, however the accept ends: a full run at
/// 019531d failed a test in the RCON double's dispose, whose loop had gone round to accept again after the stop.
/// </summary>
public sealed class StoppedListenerTests
{
    [Fact]
    public async Task An_accept_started_after_the_listener_stopped_is_one_that_ended()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        listener.Stop();

        var exception = await Record.ExceptionAsync(async () => await listener.AcceptTcpClientAsync(CancellationToken.None));

        Assert.NotNull(exception);
        Assert.True(StoppedListener.Ended(exception), exception.ToString());
    }

    [Fact]
    public async Task An_accept_under_way_when_the_listener_stops_is_one_that_ended()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepting = listener.AcceptTcpClientAsync(CancellationToken.None).AsTask();
        listener.Stop();

        var exception = await Record.ExceptionAsync(() => accepting.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.NotNull(exception);
        Assert.True(StoppedListener.Ended(exception), exception.ToString());
    }

    [Fact]
    public void An_error_of_another_kind_is_not_a_stop() => Assert.False(StoppedListener.Ended(new IOException("broken")));
}
