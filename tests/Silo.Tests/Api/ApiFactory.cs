using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GameOps.Silo.Tests.Api;

/// <summary>The whole silo in process (Orleans, SQLite storage, API) on its own data folder and ports.</summary>
public class ApiFactory : WebApplicationFactory<Program>
{
    private readonly TempDirectory _data = new();

    public string DatabasePath => _data.Combine("gameops.db");

    public string AdminKeyPath => _data.Combine("admin-api-key");

    public string AdminKey => File.ReadAllText(AdminKeyPath).Trim();

    public string SetupTokenPath => _data.Combine("setup-token");

    /// <summary>Raises the API's per-caller rate limits out of reach (RateLimitTests test them).</summary>
    public bool WithoutRateLimits { get; init; }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("GameOps:Storage:Sqlite:DatabasePath", DatabasePath);
        builder.UseSetting("GameOps:AdminKey:FilePath", AdminKeyPath);
        builder.UseSetting("GameOps:Setup:TokenFilePath", SetupTokenPath);
        builder.UseSetting("GameOps:DataProtection:KeyDirectory", _data.Combine("data-protection-keys"));
        builder.UseSetting("GameOps:Silo:SiloPort", TestPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A players probe after each Hello is a job the tests' agents did not ask for.
        builder.UseSetting("GameOps:Players:Probe", "false");
        if (WithoutRateLimits)
        {
            builder.UseSetting("GameOps:Api:RateLimits:RequestsPerSecond", "1000000");
            builder.UseSetting("GameOps:Api:RateLimits:Burst", "1000000");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
        GC.SuppressFinalize(this);
    }
}
