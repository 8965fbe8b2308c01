using System.Text.Json;
using GameOps.Grains.Alerts;
using GameOps.Grains.Identity;
using GameOps.Grains.Schedules;
using GameOps.Silo.Alerts;
using GameOps.Silo.Hosts;
using GameOps.Silo.Identity;
using GameOps.Silo.Jobs;
using GameOps.Silo.Orgs;
using GameOps.Silo.Policies;
using GameOps.Silo.Schedules;
using GameOps.Silo.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace GameOps.Silo.Api;

/// <summary>
/// The OpenAPI document of the public REST API (<c>/api/v1</c> only), served anonymously at <see cref="Path"/>: it
/// describes routes and shapes, never data.
/// </summary>
public static class ApiDocument
{
    public const string Name = "v1";
    public const string Path = "/openapi/v1.json";
    public const string ApiKeyScheme = "apiKey";
    public const string AccessTokenScheme = "accessToken";
    public const string CookieScheme = "sessionCookie";
    public const string CsrfScheme = "csrfToken";

    /// <summary>One example body per request type the API takes, shown in the document and checked by the tests.</summary>
    public static IReadOnlyDictionary<Type, object> RequestExamples { get; } = new Dictionary<Type, object>
    {
        [typeof(CreateHostRequest)] = new CreateHostRequest("eu-west-1"),
        [typeof(CreateJobRequest)] = new CreateJobRequest("main", "chat.say", new Dictionary<string, string?> { ["message"] = "Restart in 10 minutes" }, 60),
        [typeof(JobBatchRequest)] = new JobBatchRequest([
            new JobBatchItemRequest("main", "chat.say", new Dictionary<string, string?> { ["message"] = "Restart in 10 minutes" }, 60, "restart-notice-1"),
            new JobBatchItemRequest("main", "world.save", [], 120, null)]),
        [typeof(ServerPolicyRequest)] = new ServerPolicyRequest(
            ["chat.say", "world.save", "server.restart"], false,
            new Dictionary<string, Dictionary<string, ArgumentLimitRequest>> { ["chat.say"] = new() { ["message"] = new ArgumentLimitRequest(200, null, null) } },
            ["^shutdown"], new Dictionary<string, RateLimitRequest> { ["server.restart"] = new RateLimitRequest(2, 1) }),
        [typeof(CreateAlertRuleRequest)] = new CreateAlertRuleRequest("Host down", AlertKind.HostOffline, 120, null),
        [typeof(ScheduleRequest)] = new ScheduleRequest(
            "Nightly restart", "0 4 * * *", "Europe/Berlin", true, [new ScheduleTargetRequest(null, "main")],
            [new ScheduleStepRequest(ScheduleStepKind.RestartWithCountdown, null, null, null, null, null, [10, 5, 1], "Restart in {remaining}, log out safely!", null, 30)],
            MissedRunPolicy.Skip, OverlapPolicy.Skip, InterruptedRunPolicy.Resume, 3600),
        [typeof(CreateOrgRequest)] = new CreateOrgRequest("Second community", null),
        [typeof(CreateApiKeyRequest)] = new CreateApiKeyRequest("ci-deploy", OrgRole.Operator, 90),
        [typeof(SetMemberRequest)] = new SetMemberRequest(OrgRole.Operator, null),
        [typeof(CreateInviteRequest)] = new CreateInviteRequest(OrgRole.Viewer, 48),
        [typeof(AcceptInviteRequest)] = new AcceptInviteRequest("<invite token>", "alice", "correct horse battery staple"),
        [typeof(SetupRequest)] = new SetupRequest("<setup token>", "admin", "correct horse battery staple", "My community"),
        [typeof(SignInRequest)] = new SignInRequest("alice", "correct horse battery staple"),
        [typeof(ChangePasswordRequest)] = new ChangePasswordRequest("correct horse battery staple", "a longer passphrase than before"),
    };

    /// <summary>Example answers, shown in the document under each success response of their type and checked by the tests.</summary>
    public static IReadOnlyDictionary<Type, object> ResponseExamples { get; } = new Dictionary<Type, object>
    {
        [typeof(HostMetricsHistory)] = new HostMetricsHistory("3f2a9c0e8b7d4a61a5c2e9f0d1b3c4a5",
        [
            new Grains.Hosts.HostLoadPoint(new DateTimeOffset(2026, 12, 4, 13, 58, 0, TimeSpan.Zero), 37, 62, 71),
            new Grains.Hosts.HostLoadPoint(new DateTimeOffset(2026, 12, 4, 13, 59, 0, TimeSpan.Zero), 88, 64, 71),
            new Grains.Hosts.HostLoadPoint(new DateTimeOffset(2026, 12, 4, 14, 0, 0, TimeSpan.Zero), 41, 63, 71),
        ]),
    };

    public static IServiceCollection AddGameOpsApiDocument(this IServiceCollection services)
    {
        services.AddOpenApi(Name, options =>
        {
            // The web console, dashboard, health and metrics routes are no part of the public API.
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "GameOps API",
                    Version = Name,
                    Description = "The control plane's REST API. See docs/api.md for authentication, errors, pagination and rate limits.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [ApiKeyScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "API key",
                        Description = "An org API key (or the platform admin key) as 'Authorization: Bearer <key>'.",
                    },
                    [AccessTokenScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "access token",
                        Description = "A user's access token from POST /api/v1/auth/token as 'Authorization: Bearer <token>'.",
                    },
                    [CookieScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = SecurityExtensions.SessionCookie,
                        Description = "The web console's session cookie from POST /api/v1/auth/login; a change also needs the X-CSRF-TOKEN header.",
                    },
                    [CsrfScheme] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-CSRF-TOKEN",
                        Description = "The anti-forgery token that goes with the session cookie on POST, PUT, PATCH and DELETE.",
                    },
                };
                document.Security =
                [
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyScheme, document)] = [] },
                    new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AccessTokenScheme, document)] = [] },
                    new OpenApiSecurityRequirement
                    {
                        [new OpenApiSecuritySchemeReference(CookieScheme, document)] = [],
                        [new OpenApiSecuritySchemeReference(CsrfScheme, document)] = [],
                    },
                ];
                return Task.CompletedTask;
            });
            options.AddOperationTransformer((operation, context, _) =>
            {
                operation.OperationId ??= OperationId(context.Description);
                AddRequestExample(operation, context.Description, context.ApplicationServices);
                AddResponseExamples(operation, context.Description, context.ApplicationServices);
                DescribeEventStreams(operation, context.Description);
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static IEndpointRouteBuilder MapGameOpsApiDocument(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }

    /// <summary>The method and the path's words, ids as "By...": <c>GET api/v1/hosts/{hostId}</c> is <c>getHostsByHostId</c>.</summary>
    private static string OperationId(ApiDescription description)
    {
        var words = (description.RelativePath ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(2)
            .Select(segment => segment.StartsWith('{') ? "By" + Capitalized(segment.Trim('{', '}').Split(':')[0]) : Capitalized(segment.Replace("-", "", StringComparison.Ordinal)));
        return (description.HttpMethod ?? "get").ToLowerInvariant() + string.Concat(words);
    }

    private static string Capitalized(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    // A stream's answer has no JSON type for the generator to describe: say what the body is.
    private static void DescribeEventStreams(OpenApiOperation operation, ApiDescription description)
    {
        foreach (var stream in description.ActionDescriptor.EndpointMetadata.OfType<IProducesResponseTypeMetadata>().Where(r => r.ContentTypes.Contains("text/event-stream")))
        {
            if (operation.Responses?.GetValueOrDefault(stream.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)) is OpenApiResponse response)
            {
                response.Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/event-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Server-sent events, one JSON object per data line; see docs/events.md." } },
                };
            }
        }
    }

    private static void AddResponseExamples(OpenApiOperation operation, ApiDescription description, IServiceProvider services)
    {
        foreach (var answer in description.SupportedResponseTypes)
        {
            if (answer.Type is null || !ResponseExamples.TryGetValue(answer.Type, out var example)
                || operation.Responses?.GetValueOrDefault(answer.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)) is not OpenApiResponse { Content: { } content })
            {
                continue;
            }

            var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            foreach (var media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), json);
            }
        }
    }

    private static void AddRequestExample(OpenApiOperation operation, ApiDescription description, IServiceProvider services)
    {
        var body = description.ParameterDescriptions.FirstOrDefault(p => p.Source == BindingSource.Body);
        if (body is null || operation.RequestBody?.Content is not { } content || !RequestExamples.TryGetValue(Nullable.GetUnderlyingType(body.Type) ?? body.Type, out var example))
        {
            return;
        }

        var json = services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        foreach (var media in content.Values.OfType<OpenApiMediaType>())
        {
            media.Example = JsonSerializer.SerializeToNode(example, example.GetType(), json);
        }
    }
}
