using System.Text.Json;
using GameOps.Silo.Api;
using GameOps.Silo.Tests.Security;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace GameOps.Silo.Tests.Api;

/// <summary>
/// The served OpenAPI document against the app's own endpoint list: a route added later without a description, a
/// response shape or an example body fails here.
/// </summary>
public sealed class ApiDocumentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_api_route_is_in_the_document_with_its_response_shapes()
    {
        var document = await ReadDocumentAsync();
        var routes = MappedRoute.All(factory.Services)
            .Where(r => !r.IsGrpc)
            .Select(r => (r.Method, Path: PathOf(r)))
            .Where(r => r.Path.StartsWith("/api/v1/", StringComparison.Ordinal))
            .Distinct()
            .ToList();

        var wrong = new List<string>();
        foreach (var (method, path) in routes)
        {
            var item = document.Paths.FirstOrDefault(p => Normalized(p.Key) == path).Value;
            if (item?.Operations?.GetValueOrDefault(HttpMethod.Parse(method)) is not { } operation)
            {
                wrong.Add($"{method} {path}: not in the document");
                continue;
            }

            if (string.IsNullOrEmpty(operation.OperationId) || operation.Tags is not { Count: > 0 })
            {
                wrong.Add($"{method} {path}: no operation id or tag");
            }

            if (string.IsNullOrWhiteSpace(operation.Summary))
            {
                wrong.Add($"{method} {path}: no summary");
            }

            var responses = operation.Responses ?? [];
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            if (success.Count == 0 || success.Any(r => r.Key != "204" && r.Value.Content?.Any(c => c.Value.Schema is not null || c.Key == "text/event-stream") != true))
            {
                wrong.Add($"{method} {path}: a success response without a schema ({string.Join(", ", success.Select(r => r.Key))})");
            }

            foreach (var status in new[] { "400", "401", "403", "429" })
            {
                if (responses.GetValueOrDefault(status)?.Content?.Values.Any(c => c.Schema is not null) != true)
                {
                    wrong.Add($"{method} {path}: no {status} problem shape");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.Contains(routes, r => r.Path == "/api/v1/events");
        Assert.Equal("text/event-stream", Assert.Single(document.Paths["/api/v1/events"].Operations![HttpMethod.Get].Responses!["200"].Content!).Key);
        Assert.DoesNotContain(document.Paths.Keys, p => !p.StartsWith("/api/v1/", StringComparison.Ordinal));
    }

    /// <summary>Each call docs/api.md says may answer 409 (done once, already going on, already ended, a name taken).</summary>
    [Theory]
    [InlineData("POST", "/api/v1/setup")]
    [InlineData("POST", "/api/v1/orgs")]
    [InlineData("POST", "/api/v1/invites/accept")]
    [InlineData("POST", "/api/v1/jobs/{jobId}/cancel")]
    [InlineData("POST", "/api/v1/schedules/{scheduleId}/run")]
    [InlineData("POST", "/api/v1/schedules/{scheduleId}/runs/{runId}/cancel")]
    public async Task Calls_that_can_conflict_list_409_with_its_problem_shape(string method, string path)
    {
        var document = await ReadDocumentAsync();

        var operation = document.Paths[path].Operations![HttpMethod.Parse(method)];

        Assert.True(operation.Responses?.GetValueOrDefault("409")?.Content?.Values.Any(c => c.Schema is not null) == true, $"{method} {path} does not list 409");
    }

    [Fact]
    public async Task Document_parses_and_each_request_example_is_a_valid_body_of_its_type()
    {
        var document = await ReadDocumentAsync();
        var json = factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var bodyTypes = factory.Services.GetRequiredService<IApiDescriptionGroupCollectionProvider>().ApiDescriptionGroups.Items
            .SelectMany(g => g.Items)
            .Where(d => d.ParameterDescriptions.Any(p => p.Source == BindingSource.Body))
            .ToDictionary(d => System.Text.RegularExpressions.Regex.Replace($"{d.HttpMethod} /{d.RelativePath}".TrimEnd('/'), ":[^}]*}", "}"), d => d.ParameterDescriptions.First(p => p.Source == BindingSource.Body).Type);
        Assert.Equal(["accessToken", "apiKey", "csrfToken", "sessionCookie"], document.Components!.SecuritySchemes!.Keys.Order());

        var bodies = 0;
        var wrong = new List<string>();
        foreach (var (path, item) in document.Paths)
        {
            foreach (var (method, operation) in item.Operations ?? [])
            {
                if (operation.RequestBody?.Content is not { } content || !content.TryGetValue("application/json", out var media))
                {
                    continue;
                }

                bodies++;
                if (!bodyTypes.TryGetValue($"{method} {path}".TrimEnd('/'), out var type) || media.Example is null)
                {
                    wrong.Add($"{method} {path}: the body has no example (type known: {bodyTypes.ContainsKey($"{method} {path}".TrimEnd('/'))})");
                    continue;
                }

                try
                {
                    Assert.NotNull(media.Example.Deserialize(type, json));
                }
                catch (JsonException e)
                {
                    wrong.Add($"{method} {path}: example is not a {type.Name}: {e.Message}");
                }
            }
        }

        Assert.True(wrong.Count == 0, string.Join('\n', wrong));
        Assert.True(bodies >= ApiDocument.RequestExamples.Count, $"{bodies} bodies for {ApiDocument.RequestExamples.Count} examples");
    }

    [Fact]
    public async Task The_host_metrics_answer_has_its_schema_and_an_example_that_reads_back_as_its_type()
    {
        var document = await ReadDocumentAsync();
        var json = factory.Services.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;

        var media = document.Paths["/api/v1/hosts/{hostId}/metrics"].Operations![HttpMethod.Get].Responses!["200"].Content!["application/json"];

        Assert.NotNull(media.Schema);
        var example = media.Example.Deserialize<GameOps.Silo.Hosts.HostMetricsHistory>(json)!;
        Assert.Equal(((GameOps.Silo.Hosts.HostMetricsHistory)ApiDocument.ResponseExamples[typeof(GameOps.Silo.Hosts.HostMetricsHistory)]).Points, example.Points);
    }

    private async Task<OpenApiDocument> ReadDocumentAsync()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(ApiDocument.Path);
        response.EnsureSuccessStatusCode();
        var result = OpenApiDocument.Parse(await response.Content.ReadAsStringAsync(), OpenApiConstants.Json);
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        return result.Document!;
    }

    private static string PathOf(MappedRoute route) =>
        Normalized(string.Concat(((RouteEndpoint)route.Endpoint).RoutePattern.PathSegments.Select(segment => "/" + string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            _ => part.ToString(),
        })))));

    private static string Normalized(string path) => path.TrimEnd('/');
}
