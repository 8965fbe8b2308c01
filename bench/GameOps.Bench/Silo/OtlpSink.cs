using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GameOps.Bench.Silo;

/// <summary>
/// Somewhere for the silo to export spans to, so a run can price recording and exporting them (ADR 0008): it takes
/// OTLP/HTTP trace exports (<c>POST /v1/traces</c>, binary protobuf) and answers each with an empty
/// ExportTraceServiceResponse, as the OpenTelemetry protocol specification describes, without decoding them.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _exports;
    private long _bytes;

    private OtlpSink(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The base address to give the exporter as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; }

    public long Exports => Interlocked.Read(ref _exports);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The silo settings that send its spans here.</summary>
    public string[] SiloSettings =>
    [
        $"--OTEL_EXPORTER_OTLP_ENDPOINT={Endpoint}",
        "--OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf",
    ];

    public static async Task<OtlpSink> StartAsync()
    {
        // The empty builder: this program's folder holds no settings meant for it.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        OtlpSink? sink = null;
        app.Run(async context =>
        {
            if (context.Request.Method != HttpMethods.Post || context.Request.Path != "/v1/traces")
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            var buffer = new byte[16 * 1024];
            long read = 0;
            int count;
            while ((count = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                read += count;
            }

            Interlocked.Add(ref sink!._bytes, read);
            Interlocked.Increment(ref sink._exports);
            context.Response.ContentType = "application/x-protobuf";
            context.Response.ContentLength = 0;
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        sink = new OtlpSink(app, new Uri(address));
        return sink;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
