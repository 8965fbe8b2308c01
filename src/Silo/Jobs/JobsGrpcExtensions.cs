using GameOps.Silo.Gateway;

namespace GameOps.Silo.Jobs;

public static class JobsGrpcExtensions
{
    /// <summary>The largest gRPC API message taken: a batch of 100 jobs at the argument limits fits.</summary>
    public const int MaxMessageBytes = 8 * 1024 * 1024;

    /// <summary>The jobs API over gRPC, beside REST on the API's listener (see <see cref="ListenerSeparationMiddleware"/>).</summary>
    public static IServiceCollection AddJobsGrpc(this IServiceCollection services)
    {
        services.AddGrpc().AddServiceOptions<JobsGrpcService>(options =>
        {
            options.MaxReceiveMessageSize = MaxMessageBytes;
            options.Interceptors.Add<GrpcApiErrors>();
        });
        services.AddSingleton<GrpcCaller>();
        return services;
    }

    public static IEndpointRouteBuilder MapJobsGrpc(this IEndpointRouteBuilder app)
    {
        app.MapGrpcService<JobsGrpcService>().WithMetadata(ApiGrpcEndpointMetadata.Instance);
        return app;
    }
}
