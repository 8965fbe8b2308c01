using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GameOps.Silo.Security;
using GameOps.Silo.Tests.Api;

namespace GameOps.Silo.Tests.Security;

/// <summary>
/// A browser sends remembered Basic credentials with every request to the site, another site's form post included:
/// only the dashboard, which changes nothing, takes them.
/// </summary>
public sealed class BasicAuthenticationTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Basic_credentials_open_the_dashboard_and_no_other_route()
    {
        _ = factory.Server;
        var routes = MappedRoute.All(factory.Services).Where(r => r.RequiresAuthorization).ToList();
        using var client = factory.CreateClient();

        var wrong = new List<string>();
        foreach (var route in routes)
        {
            using var request = route.NewRequest();
            request.Headers.Authorization = Basic("admin", factory.AdminKey);

            // Headers are enough: the dashboard's log stream never ends on its own.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var isDashboard = route.Endpoint.Metadata.GetMetadata<BasicChallengeMetadata>() is not null;
            if (isDashboard == (response.StatusCode == HttpStatusCode.Unauthorized))
            {
                wrong.Add($"{route}: {(int)response.StatusCode}");
            }
        }

        Assert.Contains(routes, r => r.Path == "/dashboard/DashboardCounters");
        Assert.Empty(wrong);
    }

    [Fact]
    public async Task Cross_site_form_post_with_remembered_basic_credentials_is_refused()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/diagnostics/collect-garbage")
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = Basic("admin", factory.AdminKey);
        request.Headers.Add("Origin", "https://elsewhere.example");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
