using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using GameOps.Silo.Tests.Observability.Otlp;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace GameOps.Silo.Tests.Observability;

/// <summary>
/// A stand-in for an OpenTelemetry collector: accepts OTLP/HTTP trace exports in binary protobuf on a free loopback
/// port and keeps every span it was sent.
/// </summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    // OTLP/HTTP (opentelemetry-proto, docs/specification.md): traces are POSTed to /v1/traces as a binary
    // ExportTraceServiceRequest, and a full success is a 200 carrying an ExportTraceServiceResponse.
    private const string TracesPath = "/v1/traces";
    private const string ProtobufContentType = "application/x-protobuf";

    private static readonly byte[] Success = new ExportTraceServiceResponse().ToByteArray();

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly ConcurrentQueue<string> _refused = new();

    private OtlpCollector(WebApplication app) => _app = app;

    /// <summary>The base address an exporter's <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> names; it appends <c>/v1/traces</c> itself.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Every span received so far, in the order they arrived.</summary>
    public IReadOnlyList<ReceivedSpan> Spans => [.. _spans];

    /// <summary>Requests that were not a trace export this collector understands, for failure messages.</summary>
    public IReadOnlyList<string> Refused => [.. _refused];

    public static async Task<OtlpCollector> StartAsync()
    {
        // The empty builder reads no appsettings.json: the test folder holds the silo's, whose Kestrel endpoints
        // would otherwise be bound here too.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.Run(collector.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        collector.Endpoint = new Uri(address);
        return collector;
    }

    /// <summary>
    /// Waits until the spans received so far satisfy <paramref name="condition"/> and returns them; fails with a
    /// summary of what did arrive once the timeout has passed.
    /// </summary>
    public async Task<IReadOnlyList<ReceivedSpan>> WaitForSpansAsync(Func<IReadOnlyList<ReceivedSpan>, bool> condition, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        var spans = Spans;
        while (!condition(spans))
        {
            if (stopwatch.Elapsed > timeout)
            {
                Assert.Fail($"""
                    The collector's spans did not satisfy the condition within {timeout}.
                    Received {spans.Count} span(s):
                    {string.Join('\n', spans.Select(s => $"  {s}"))}
                    Refused {Refused.Count} request(s):
                    {string.Join('\n', Refused.Select(r => $"  {r}"))}
                    """);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
            spans = Spans;
        }

        return spans;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) || request.Path != TracesPath
            || !MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase)
            || request.Headers.ContentEncoding.Count > 0)
        {
            _refused.Enqueue($"{request.Method} {request.Path} ({request.ContentType}, encoding '{request.Headers.ContentEncoding}')");
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            return;
        }

        // Protobuf parses synchronously, which Kestrel does not allow on the request stream.
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, context.RequestAborted);
        var export = ExportTraceServiceRequest.Parser.ParseFrom(body.ToArray());
        foreach (var scopeSpans in export.ResourceSpans.SelectMany(r => r.ScopeSpans))
        {
            var scope = scopeSpans.Scope?.Name ?? "";
            foreach (var span in scopeSpans.Spans)
            {
                _spans.Enqueue(ReceivedSpan.From(scope, span));
            }
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ProtobufContentType;
        await context.Response.Body.WriteAsync(Success, context.RequestAborted);
    }
}
