using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Tests.Gateway;
using GameOps.AgentProtocol;

namespace GameOps.Silo.Tests.Observability;

[Collection(ObservabilitySiloCollection.Name)]
[Trait("Category", "Slow")]
public sealed class TracingTests(ObservabilitySiloFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Job_assignment_continues_the_trace_of_the_request_that_created_the_job()
    {
        var host = await fixture.Api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(fixture.Silo.GatewayAddress, host.Host.Id, host.Credential);
        await fixture.Api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpanId = ActivitySpanId.CreateRandom();

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/hosts/{host.Host.Id}/jobs", UriKind.Relative))
        {
            Content = JsonContent.Create(new { serverId = "main", action = GameActions.PlayersList, timeoutSeconds = 60 }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpanId}-01");
        using var response = await fixture.Api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var assignment = (await agent.ReadAsync()).JobAssignment;

        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", assignment.Traceparent);
        Assert.True(ActivityContext.TryParse(assignment.Traceparent, null, out var received));
        Assert.Equal(traceId, received.TraceId);
        Assert.NotEqual(callerSpanId, received.SpanId);
    }
}
