using System.Text.Json.Serialization;
using GameOps.Silo.Alerts;
using GameOps.Silo.Audit;
using GameOps.Silo.Players;
using GameOps.Silo.ServerConsole;
using GameOps.Silo.Diagnostics;
using GameOps.Silo.Events;
using GameOps.Silo.Gateway;
using GameOps.Silo.Hosts;
using GameOps.Silo.Identity;
using GameOps.Silo.Jobs;
using GameOps.Silo.Orgs;
using GameOps.Silo.Policies;
using GameOps.Silo.Schedules;
using GameOps.Silo.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Mvc;

namespace GameOps.Silo.Api;

public static class ApiExtensions
{
    public static IServiceCollection AddGameOpsApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiExceptionHandler>();
        // One set of rules for every body: enums by name only ("kind": 1 is refused), numbers as JSON numbers, and no
        // field the endpoint does not know (a misspelt optional field would otherwise be silently ignored).
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            json.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });

        // Binding failures (malformed JSON, wrong types) surface as exceptions so the handler can answer
        // with what was wrong, field by field, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddGameOpsApiDocument();
        services.AddGameOpsRateLimits();
        services.AddJobsGrpc();
        return services;
    }

    /// <summary>The REST API and its OpenAPI document, in a process with the <see cref="SiloRoles.Api"/> role.</summary>
    public static IEndpointRouteBuilder MapGameOpsApi(this IEndpointRouteBuilder app)
    {
        if (!app.ServiceProvider.GetRequiredService<IOptions<SiloOptions>>().Value.Roles.HasFlag(SiloRoles.Api))
        {
            return app;
        }

        // Answers every route can give, whatever its handler returns: bad input, no or a refused credential, too many requests.
        var api = app.MapGroup("/api/v1").RequireAuthorization()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .WithRateLimits();
        api.WithMissingResourceProblem();
        api.MapHostEndpoints();
        api.MapJobEndpoints();
        api.MapJobBatchEndpoints();
        api.MapPolicyEndpoints();
        api.MapAlertEndpoints();
        api.MapScheduleEndpoints();
        api.MapEventEndpoints();
        api.MapAuditEndpoints();
        api.MapConsoleEndpoints();
        api.MapPlayerEndpoints();
        api.MapGatewayEndpoints();
        api.MapDiagnosticsEndpoints();
        api.MapOrgEndpoints();
        api.MapInviteEndpoints();
        api.MapIdentityEndpoints();
        app.MapGameOpsApiDocument();
        app.MapGameOpsApiReference();
        app.MapJobsGrpc();
        return app;
    }

    /// <summary>Routes that name a resource in their path answer 404 when it does not exist (or is another org's).</summary>
    private static void WithMissingResourceProblem(this RouteGroupBuilder api) =>
        ((IEndpointConventionBuilder)api).Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder { RoutePattern.Parameters.Count: > 0 })
            {
                endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(ProblemDetails), ["application/problem+json"]));
            }
        });

    /// <summary>A 404 with problem details that names what was not found.</summary>
    internal static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden");

    internal static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
