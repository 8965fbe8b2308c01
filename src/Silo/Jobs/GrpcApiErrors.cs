using GameOps.Silo.Api;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace GameOps.Silo.Jobs;

/// <summary>
/// Answers what a gRPC API call threw as the REST API answers it (<see cref="ApiExceptionHandler.Describe"/>), in the
/// gRPC status for that HTTP status: the caller's mistakes with their message, anything unexpected with nothing but
/// "internal" (the log has it).
/// </summary>
public sealed partial class GrpcApiErrors(ILogger<GrpcApiErrors> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception exception) when (exception is not RpcException)
        {
            throw Translate(exception, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context);
        }
        catch (Exception exception) when (exception is not RpcException and not OperationCanceledException)
        {
            throw Translate(exception, context);
        }
    }

    private RpcException Translate(Exception exception, ServerCallContext context)
    {
        var (status, _, detail) = ApiExceptionHandler.Describe(exception);
        var code = status switch
        {
            StatusCodes.Status400BadRequest => StatusCode.InvalidArgument,
            StatusCodes.Status403Forbidden => StatusCode.PermissionDenied,
            StatusCodes.Status404NotFound => StatusCode.NotFound,
            StatusCodes.Status409Conflict => StatusCode.FailedPrecondition,
            StatusCodes.Status429TooManyRequests => StatusCode.ResourceExhausted,
            StatusCodes.Status503ServiceUnavailable => StatusCode.Unavailable,
            _ => StatusCode.Internal,
        };
        if (code == StatusCode.Internal)
        {
            LogUnhandled(logger, exception, context.Method);
        }

        return new RpcException(new Status(code, detail));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "gRPC API call {Method} failed")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method);
}
