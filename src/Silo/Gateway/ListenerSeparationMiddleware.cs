using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GameOps.Silo.Gateway;

/// <summary>
/// Keeps the two listeners apart: the gateway's endpoint serves the agent gRPC service and nothing else (not the API,
/// not the dashboard, not /metrics, not health, not the jobs API's gRPC service), and every other endpoint serves
/// everything else and no gRPC but the API's own (<see cref="ApiGrpcEndpointMetadata"/>). Decided by
/// the listener a connection came in on, which Kestrel marks, rather than by host name or port: ports may be 0, and a
/// proxy may rewrite both.
/// </summary>
public sealed class ListenerSeparationMiddleware(RequestDelegate next, IProblemDetailsService problemDetails)
{
    private const string GrpcContentType = "application/grpc";

    // https://github.com/grpc/grpc/blob/master/doc/statuscodes.md: UNIMPLEMENTED, "not implemented or not supported".
    private const string GrpcUnimplemented = "12";

    /// <summary>Marks each connection of <paramref name="listener"/> as one of the gateway's.</summary>
    public static void MarkGatewayConnections(ListenOptions listener) =>
        listener.Use(next => connection =>
        {
            connection.Features.Set(GatewayConnectionFeature.Instance);
            return next(connection);
        });

    public Task InvokeAsync(HttpContext context)
    {
        var onGateway = context.Features.Get<GatewayConnectionFeature>() is not null;
        var isGatewayEndpoint = context.GetEndpoint()?.Metadata.GetMetadata<GatewayEndpointMetadata>() is not null;
        var isGrpc = context.Request.ContentType?.StartsWith(GrpcContentType, StringComparison.OrdinalIgnoreCase) == true;
        var isApiGrpc = context.GetEndpoint()?.Metadata.GetMetadata<ApiGrpcEndpointMetadata>() is not null;
        if (onGateway ? isGatewayEndpoint : !isGatewayEndpoint && (!isGrpc || isApiGrpc))
        {
            return next(context);
        }

        var detail = onGateway
            ? "This port serves only the agent gateway; the API, the dashboard and /metrics are on the API's endpoint."
            : "Agents connect to the gateway's endpoint (Kestrel:Endpoints:Gateway); this port serves the API.";
        return isGrpc ? RefuseGrpcAsync(context, detail) : RefuseAsync(context, detail);
    }

    // 421 Misdirected Request (RFC 9110, section 15.5.20): this server will not answer for this URI on this connection.
    private async Task RefuseAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = StatusCodes.Status421MisdirectedRequest, Title = "Misdirected request", Detail = detail },
        });
    }

    // A gRPC client reads only the status, so it gets one: a "Trailers-Only" response, whose HTTP status is 200 and whose
    // headers carry grpc-status and grpc-message (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md). The
    // message is plain ASCII without '%', so its percent-encoding is itself.
    private static Task RefuseGrpcAsync(HttpContext context, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = GrpcContentType;
        context.Response.Headers["grpc-status"] = GrpcUnimplemented;
        context.Response.Headers["grpc-message"] = detail;
        return Task.CompletedTask;
    }
}
