using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using GameOps.Silo.Alerts;
using GameOps.Silo.Hosts;
using GameOps.Silo.Security.Authorization;
using GameOps.Silo.Tests.Identity;
using GameOps.Silo.Tests.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace GameOps.Silo.Tests.Api;

/// <summary>
/// Every input field is held to one set of rules: the right JSON type (answered field by field, in JSON's words, never
/// .NET's), enum values by name only, no control characters in text, no field the endpoint does not know. The bad
/// bodies are made from each endpoint's own request type, so a field added later is tried too.
/// </summary>
public sealed partial class BadInputTests(SetUpSilo.WithoutRateLimits silo) : IClassFixture<SetUpSilo.WithoutRateLimits>
{
    private const string UnknownField = "unknownField";

    private HttpClient? _user;

    private IdentityFactory Factory => silo.Factory;

    private HttpClient Admin => Factory.CreateAdminClient();

    [Fact]
    public async Task Every_body_field_answers_a_bad_value_with_its_own_error_and_nothing_is_kept()
    {
        var hostId = await CreateHostAsync();
        var before = await CountEverythingAsync(hostId);
        var routes = BodyRoutes();

        var wrong = new List<string>();
        foreach (var (route, bodyType) in routes)
        {
            foreach (var (body, field) in BadBodies(bodyType))
            {
                using var response = await SendAsync(route, hostId, body);
                var problem = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || !HasFieldError(problem, field) || NamesDotNetTypes(problem))
                {
                    wrong.Add($"{route.Method} {route.Path} {body}: {(int)response.StatusCode} {problem}");
                }
            }
        }

        Assert.Equal(
            [
                "POST /api/v1/alert-rules/",
                "POST /api/v1/auth/login",
                "POST /api/v1/auth/token",
                "POST /api/v1/hosts/",
                $"POST /api/v1/hosts/{MappedRoute.UnknownHostId}/jobs/",
                $"POST /api/v1/hosts/{MappedRoute.UnknownHostId}/jobs:batch",
                "POST /api/v1/invites/accept",
                "POST /api/v1/me/password",
                "POST /api/v1/orgs",
                $"POST /api/v1/orgs/{MappedRoute.UnknownHostId}/api-keys",
                $"POST /api/v1/orgs/{MappedRoute.UnknownHostId}/invites/",
                "POST /api/v1/schedules/",
                "POST /api/v1/setup",
                "PUT /api/v1/alert-rules/{guid}",
                $"PUT /api/v1/hosts/{MappedRoute.UnknownHostId}/servers/{MappedRoute.UnknownHostId}/policy/",
                $"PUT /api/v1/orgs/{MappedRoute.UnknownHostId}/members/{MappedRoute.UnknownHostId}",
                "PUT /api/v1/schedules/{guid}",
            ],
            routes.Select(r => $"{r.Route.Method} {GuidPart().Replace(r.Route.Path, "{guid}")}").Order(StringComparer.Ordinal));
        Assert.Empty(wrong);
        Assert.Equal(before, await CountEverythingAsync(hostId));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"Box one\"")]
    [InlineData("5")]
    [InlineData("{")]
    [InlineData("{]")]
    [InlineData("{'name': 'Box one'}")]
    public async Task Body_that_is_not_a_json_object_gets_a_400_that_says_so_without_dotnet_types(string body)
    {
        var failures = new List<string>();
        foreach (var (route, _) in BodyRoutes())
        {
            using var response = await SendAsync(route, MappedRoute.UnknownHostId, body);
            var problem = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest || !problem.Contains("\"detail\":\"The request body", StringComparison.Ordinal) || NamesDotNetTypes(problem))
            {
                failures.Add($"{route.Path}: {(int)response.StatusCode} {problem}");
            }
        }

        Assert.Empty(failures);
    }

    [Theory]
    [InlineData("POST", "/api/v1/hosts", "name")]
    [InlineData("POST", "/api/v1/alert-rules", "name")]
    [InlineData("PUT", "/api/v1/alert-rules/7f0c7a5e-5f5e-4c39-9d3e-1a2b3c4d5e6f", "name")]
    [InlineData("POST", "/api/v1/hosts/{hostId}/jobs", "serverId")]
    [InlineData("POST", "/api/v1/hosts/{hostId}/jobs:batch", "jobs")]
    [InlineData("PUT", "/api/v1/hosts/{hostId}/servers/main/policy", "policy")]
    [InlineData("POST", "/api/v1/orgs/default/api-keys", "name")]
    [InlineData("POST", "/api/v1/orgs", "name")]
    [InlineData("PUT", "/api/v1/orgs/default/members/someone", "role")]
    [InlineData("POST", "/api/v1/schedules", "cron")]
    [InlineData("PUT", "/api/v1/schedules/7f0c7a5e-5f5e-4c39-9d3e-1a2b3c4d5e6f", "steps")]
    public async Task Missing_body_is_a_missing_field(string method, string path, string field)
    {
        using var request = await NewRequestAsync(method, path);

        using var response = await Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(HasFieldError(await response.Content.ReadAsStringAsync(), field));
    }

    [Theory]
    [InlineData("GET", "/api/v1/hosts/{hostId}/jobs?limit=ten", "limit")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/jobs?limit=1.5", "limit")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/jobs?limit=0", "limit")]
    [InlineData("POST", "/api/v1/hosts/{hostId}/jobs?wait=soon", "wait")]
    [InlineData("POST", "/api/v1/hosts/{hostId}/jobs?wait=99999999999", "wait")]
    [InlineData("GET", "/api/v1/jobs/7f0c7a5e-5f5e-4c39-9d3e-1a2b3c4d5e6f?wait=soon", "wait")]
    [InlineData("GET", "/api/v1/jobs?cursor=not-a-cursor", "cursor")]
    [InlineData("GET", "/api/v1/jobs?cursor=AQAAAAAAAAAAAAAAAAAAAAAAAAAA", "cursor")]
    [InlineData("GET", "/api/v1/jobs?state=Burning", "state")]
    [InlineData("GET", "/api/v1/jobs?state=3", "state")]
    [InlineData("GET", "/api/v1/jobs?action=shell.exec", "action")]
    [InlineData("GET", "/api/v1/jobs?from=yesterday", "from")]
    [InlineData("GET", "/api/v1/jobs?from=2026-01-02", "from")]
    [InlineData("GET", "/api/v1/jobs?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("GET", "/api/v1/jobs?limit=201", "limit")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/jobs?cursor=%00", "cursor")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/servers/main/jobs?limit=0", "limit")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/servers/main/sessions?limit=0", "limit")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/servers/main/sessions?limit=201", "limit")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/servers/main/sessions?cursor=not-a-cursor", "cursor")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/servers/main/sessions?from=yesterday", "from")]
    [InlineData("GET", "/api/v1/hosts/{hostId}/servers/main/sessions?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("GET", "/api/v1/alerts?status=1", "status")]
    [InlineData("GET", "/api/v1/alerts?status=Burning", "status")]
    [InlineData("GET", "/api/v1/audit?limit=0", "limit")]
    [InlineData("GET", "/api/v1/audit?limit=201", "limit")]
    [InlineData("GET", "/api/v1/audit?limit=many", "limit")]
    [InlineData("GET", "/api/v1/audit?cursor=not-a-cursor", "cursor")]
    [InlineData("GET", "/api/v1/audit?from=yesterday", "from")]
    [InlineData("GET", "/api/v1/audit?to=2026-01-02", "to")]
    [InlineData("GET", "/api/v1/audit?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "to")]
    [InlineData("GET", "/api/v1/audit?target=host/", "target")]
    [InlineData("GET", "/api/v1/audit?target=job%2F%07", "target")]
    [InlineData("GET", "/api/v1/audit?actor=%0A", "actor")]
    [InlineData("GET", "/api/v1/schedules/7f0c7a5e-5f5e-4c39-9d3e-1a2b3c4d5e6f/next?count=0", "count")]
    [InlineData("GET", "/api/v1/schedules/7f0c7a5e-5f5e-4c39-9d3e-1a2b3c4d5e6f/next?count=101", "count")]
    [InlineData("GET", "/api/v1/schedules/7f0c7a5e-5f5e-4c39-9d3e-1a2b3c4d5e6f/next?from=tomorrow", "from")]
    [InlineData("GET", "/api/v1/schedules/7f0c7a5e-5f5e-4c39-9d3e-1a2b3c4d5e6f/runs?limit=0", "limit")]
    [InlineData("GET", "/api/v1/schedules/7f0c7a5e-5f5e-4c39-9d3e-1a2b3c4d5e6f/runs?cursor=not-a-cursor", "cursor")]
    public async Task Bad_query_value_gets_its_field_error(string method, string path, string field)
    {
        using var request = await NewRequestAsync(method, path);
        if (method == "POST")
        {
            request.Content = JsonContent.Create(new { serverId = "main", action = "players.list" });
        }

        using var response = await Admin.SendAsync(request);
        var problem = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(HasFieldError(problem, field), problem);
        Assert.False(NamesDotNetTypes(problem), problem);
    }

    [Fact]
    public async Task Enum_value_by_name_in_any_case_is_taken()
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/alert-rules", new { name = "Any server down", kind = "serverdown" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("ServerDown", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString());
    }

    /// <summary>For each property of the request type, bodies with a wrong value for it, and the field each must blame.</summary>
    private IEnumerable<(string Body, string Field)> BadBodies(Type bodyType)
    {
        var options = Factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        yield return ($$"""{"{{UnknownField}}": 1}""", UnknownField);
        foreach (var property in options.GetTypeInfo(bodyType).Properties)
        {
            foreach (var (value, field) in BadValues(property, options))
            {
                yield return ($$"""{"{{property.Name}}": {{value}}}""", field);
            }
        }
    }

    private static IEnumerable<(string Value, string Field)> BadValues(JsonPropertyInfo property, JsonSerializerOptions options)
    {
        var name = property.Name;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        string[] values = type switch
        {
            _ when type == typeof(string) => ["5", "true", "{}", "[]", "\"a\\u0001b\"", "\"two\\nlines\"", "\"\\u001b[31mred\"", "\"\\u0085\""],
            _ when type == typeof(int) => ["\"5\"", "1.5", "1e40", "true", "{}"],
            _ when type == typeof(bool) => ["\"true\"", "1", "{}", "[]"],
            _ when type.IsEnum => ["1", "\"1\"", "\"NoSuchValue\"", "[]"],
            _ when options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Dictionary => ["\"x\"", "[]", "5"],
            _ when options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable => ["\"x\"", "{}", "5", "true"],
            _ => throw new InvalidOperationException($"No bad values for {name} ({type}): add them here."),
        };
        foreach (var value in values)
        {
            yield return (value, name);
        }

        if (options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Dictionary)
        {
            yield return ("""{"message": 5}""", $"{name}.message");
            yield return ("""{"message": "a\u0007b"}""", $"{name}.message");
            yield return ("""{"message": ["x"]}""", $"{name}.message");
        }
    }

    private List<(MappedRoute Route, Type BodyType)> BodyRoutes()
    {
        _ = Factory.Server;
        return MappedRoute.All(Factory.Services)
            .Select(route => (Route: route, BodyType: route.Endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType))
            .Where(r => r.BodyType is not null)
            .Select(r => (r.Route, r.BodyType!))
            .ToList();
    }

    private async Task<HttpResponseMessage> SendAsync(MappedRoute route, string hostId, string body)
    {
        using var request = route.NewRequest();
        request.RequestUri = new Uri(route.Path.Replace(MappedRoute.UnknownHostId, hostId, StringComparison.Ordinal), UriKind.Relative);
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        // A route for a person takes no key: it gets a user's access token.
        var client = route.Endpoint.Metadata.GetMetadata<AccountMetadata>() is { AdminKeyAllowed: false }
            ? _user ??= await SignIn.TokenClientAsync(silo.Factory, SetUpSilo.UserName, SetUpSilo.Password)
            : Admin;
        return await client.SendAsync(request);
    }

    private static bool HasFieldError(string problem, string field)
    {
        using var document = JsonDocument.Parse(problem);
        return document.RootElement.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _);
    }

    private static bool NamesDotNetTypes(string problem) =>
        problem.Contains("System.", StringComparison.Ordinal) || problem.Contains("GameOps.", StringComparison.Ordinal);

    /// <summary>A request to <paramref name="path"/>, whose <c>{hostId}</c> is a host made for it.</summary>
    private async Task<HttpRequestMessage> NewRequestAsync(string method, string path) =>
        new(new HttpMethod(method), path.Replace("{hostId}", await CreateHostAsync(), StringComparison.Ordinal));

    private async Task<string> CreateHostAsync()
    {
        using var response = await Admin.PostAsJsonAsync("/api/v1/hosts", new { name = "Box one" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedHost>(GameOpsApi.Json))!.Host.Id;
    }

    private async Task<(int Hosts, int Jobs, int Rules, int Schedules)> CountEverythingAsync(string hostId) =>
        ((await Admin.GetFromJsonAsync<JsonElement>("/api/v1/hosts")).GetProperty("hosts").GetArrayLength(),
         (await Admin.GetFromJsonAsync<JsonElement>($"/api/v1/jobs?limit=200")).GetProperty("jobs").GetArrayLength(),
         (await Admin.GetFromJsonAsync<AlertRulePage>("/api/v1/alert-rules", GameOpsApi.Json))!.Rules.Count,
         (await Admin.GetFromJsonAsync<JsonElement>("/api/v1/schedules")).GetProperty("schedules").GetArrayLength());

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPart();
}
