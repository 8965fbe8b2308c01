using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using GameOps.AgentProtocol;
using GameOps.Grains.Hosts;
using GameOps.Grains.Jobs;
using GameOps.Silo.Tests.Gateway;
using SpanKind = GameOps.Silo.Tests.Observability.Otlp.Span.Types.SpanKind;

namespace GameOps.Silo.Tests.Observability;

/// <summary>
/// Traces as an operator's collector receives them: a silo process of the test's own exports over OTLP/HTTP to
/// <see cref="OtlpCollector"/>, so that every span the collector holds came from this test.
/// </summary>
[Trait("Category", "Slow")]
public sealed class OtlpExportTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    // The path gRPC serves the agent's stream on: /{package.Service}/{Method}.
    private static readonly string AgentStreamPath = $"/{AgentGateway.Descriptor.FullName}/Connect";

    private readonly TempDirectory _folder = new();
    private OtlpCollector _collector = null!;
    private SiloProcess _silo = null!;
    private GameOpsApi _api = null!;

    public async Task InitializeAsync()
    {
        _collector = await OtlpCollector.StartAsync();

        // The OpenTelemetry SDK reads its OTEL_* settings from the host's configuration, command line included. The
        // exporter speaks gRPC unless told otherwise, and the collector only OTLP/HTTP; a 200 ms batch delay instead
        // of the default 5 s keeps the wait below short.
        _silo = await SiloProcess.StartAsync(_folder.Path, TimeSpan.FromSeconds(60), [
            $"--OTEL_EXPORTER_OTLP_ENDPOINT={_collector.Endpoint}",
            "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
            "--OTEL_BSP_SCHEDULE_DELAY=200"]);
        _api = await GameOpsApi.ForAsync(_silo, _folder.Path);
    }

    public async Task DisposeAsync()
    {
        // Whatever InitializeAsync got to start, in reverse.
        _api?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }

        _folder.Dispose();
    }

    [Fact]
    public async Task A_job_trace_is_exported_from_api_to_grains_to_gateway_and_agent_streams_have_no_request_span()
    {
        var host = await _api.CreateEnrolledHostAsync();
        await using var agent = await TestAgent.ConnectAsync(_silo.GatewayAddress, host.Host.Id, host.Credential);
        await _api.WaitForHostAsync(host.Host.Id, HostStatus.Online, Patience);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpanId = ActivitySpanId.CreateRandom();

        var job = await PostJobAsync(host.Host.Id, $"00-{traceId}-{callerSpanId}-01");
        var assignment = (await agent.ReadAsync(Patience)).JobAssignment;
        Assert.Equal(job.Id.ToString(), assignment.JobId);
        await agent.AckAsync(assignment.JobId);
        await agent.ReportAsync(assignment.JobId, JobPhase.Succeeded, output: "2 players online");
        await _api.WaitForJobAsync(job.Id, j => j.State == JobState.Succeeded, Patience);

        // A stream's request span would end only with the stream, so end it (however the gateway closes it). Spans
        // leave in the order they end: once the span of a request made after the stream closed has arrived, the
        // stream's would have too.
        await agent.CompleteAsync();
        _ = await agent.ReadUntilEndAsync(Patience);
        var markerTraceId = ActivityTraceId.CreateRandom();
        await GetJobAsync(job.Id, $"00-{markerTraceId}-{ActivitySpanId.CreateRandom()}-01");

        var spans = await _collector.WaitForSpansAsync(
            received => received.Any(s => s.TraceId == markerTraceId.ToHexString() && s.Kind == SpanKind.Server)
                && received.Any(s => s.TraceId == traceId.ToHexString() && s.Scope == "GameOps" && s.Name == "JobUpdate"),
            Patience);

        var trace = spans.Where(s => s.TraceId == traceId.ToHexString()).ToList();
        var post = Assert.Single(trace, s => s.Scope == "Microsoft.AspNetCore" && s.Kind == SpanKind.Server);
        Assert.Equal(
            ("POST", $"/api/v1/hosts/{host.Host.Id}/jobs", callerSpanId.ToHexString()),
            (post.Attribute("http.request.method"), post.Attribute("url.path"), post.ParentSpanId));
        Assert.Contains(trace, s => s.Scope == "Microsoft.Orleans.Application");
        Assert.Contains(trace, s => s.Scope == "GameOps" && s.Name == "SendJob" && s.Kind == SpanKind.Producer
            && s.Attribute("gameops.job.id") == assignment.JobId);
        Assert.Contains(trace, s => s.Scope == "GameOps" && s.Name == "JobUpdate" && s.Kind == SpanKind.Consumer
            && s.Attribute("gameops.job.phase") == nameof(JobPhase.Succeeded));
        Assert.DoesNotContain(spans, IsAgentStreamSpan);
    }

    private static bool IsAgentStreamSpan(ReceivedSpan span) =>
        new[] { span.Name, span.Attribute("url.path"), span.Attribute("http.route") }
            .Any(value => value?.Contains(AgentStreamPath, StringComparison.Ordinal) == true);

    private async Task<JobView> PostJobAsync(string hostId, string traceParent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"/api/v1/hosts/{hostId}/jobs", UriKind.Relative))
        {
            Content = JsonContent.Create(new { serverId = "main", action = GameActions.PlayersList, timeoutSeconds = 60 }),
        };
        request.Headers.Add("traceparent", traceParent);
        using var response = await _api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JobView>(GameOpsApi.Json))!;
    }

    private async Task GetJobAsync(Guid jobId, string traceParent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/v1/jobs/{jobId}", UriKind.Relative));
        request.Headers.Add("traceparent", traceParent);
        using var response = await _api.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
