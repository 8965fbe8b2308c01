using System.Data.Common;
using System.Text.Json;
using GameOps.Grains.Hosts;
using GameOps.Grains.Identity;
using GameOps.Grains.Jobs;
using GameOps.Silo.Hosting;
using GameOps.Silo.Jobs;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Api;

/// <summary>
/// Turns exceptions into problem details: the caller's mistakes into 4xx with their message, a database or grain that
/// did not answer into a 503 with Retry-After, anything else into a 500 that reveals nothing but a trace id.
/// </summary>
public sealed partial class ApiExceptionHandler(
    IProblemDetailsService problemDetails,
    IOptions<JsonOptions> json,
    ILogger<ApiExceptionHandler> logger,
    ClusterConnection? connection = null) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // A grain-less process that cannot call grains yet lets only the health probes through (ClusterConnectionGate);
        // one that carries a credential still has it checked against a grain, which fails, typically with Orleans'
        // ArgumentException "Could not find an implementation for interface": the process's state, not the caller's mistake.
        if (connection is { IsConnected: false })
        {
            return await problemDetails.TryWriteAsync(ClusterConnectionGate.NotConnected(httpContext, exception));
        }

        if (FieldErrors(httpContext, exception) is { } errors)
        {
            httpContext.Response.StatusCode = StatusCodes.Status400BadRequest;
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                Exception = exception,
                ProblemDetails = new HttpValidationProblemDetails(errors) { Status = StatusCodes.Status400BadRequest },
            });
        }

        var (status, title, detail) = Describe(exception);

        if (status >= StatusCodes.Status500InternalServerError)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "1";
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>What an exception that reached the API means to its caller: the HTTP status, a title and words safe to show; for REST and gRPC.</summary>
    internal static (int Status, string Title, string Detail) Describe(Exception exception) =>
        exception switch
        {
            BadHttpRequestException bad => (bad.StatusCode, "Bad request", DescribeBadRequest(bad)),
            HostNotFoundException or JobNotFoundException => (StatusCodes.Status404NotFound, "Not found", exception.Message),
            OrgRuleException => (StatusCodes.Status403Forbidden, "Forbidden", exception.Message),
            HostAlreadyRegisteredException => (StatusCodes.Status409Conflict, "Conflict", exception.Message),
            HostQueueFullException => (StatusCodes.Status429TooManyRequests, "Too many queued jobs", exception.Message),
            JobRefusedException => (StatusCodes.Status403Forbidden, JobChecks.RefusedByPolicy, exception.Message),
            ArgumentException => (StatusCodes.Status400BadRequest, "Bad request", exception.Message),
            _ when IsStorageFailure(exception) => (StatusCodes.Status503ServiceUnavailable, "Storage unavailable", "The database did not take the change in time; try again shortly."),
            // A grain that did not answer within Orleans' response timeout: the cluster is overloaded or a silo is
            // going away, which the caller can retry, not a fault in what they sent.
            TimeoutException => (StatusCodes.Status503ServiceUnavailable, "Busy", "The control plane did not answer in time; try again shortly."),
            _ => (StatusCodes.Status500InternalServerError, "Internal error", "The request failed; the server log has the details under this trace id."),
        };

    // Orleans wraps what a storage provider throws; the database's own error (SQLite's or PostgreSQL's) is inside.
    private static bool IsStorageFailure(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is DbException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A body whose JSON is well formed but whose field has the wrong type, or is not a field: errors by field.</summary>
    /// <remarks>The exception handler runs with the request's endpoint cleared; its feature keeps the one that threw.</remarks>
    private Dictionary<string, string[]>? FieldErrors(HttpContext httpContext, Exception exception) =>
        exception is BadHttpRequestException { InnerException: JsonException { InnerException: not JsonException } body }
        && httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType is { } bodyType
            ? RequestBodyErrors.From(body, bodyType, json.Value.SerializerOptions)
            : null;

    // The reader's own exception inside means the text is not JSON at all; without it, the JSON is well formed but is
    // not an object (a field's problem has already been answered by FieldErrors).
    private static string DescribeBadRequest(BadHttpRequestException exception) => exception.InnerException switch
    {
        JsonException { InnerException: JsonException } syntax => $"The request body is not valid JSON: {syntax.Message}",
        JsonException => "The request body must be a JSON object.",
        _ => exception.Message,
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
