using System.Net;
using System.Net.Http.Headers;
using GameOps.Silo.Identity.Commands;
using GameOps.Silo.Tests.Api;

namespace GameOps.Silo.Tests.Identity;

public sealed class AdminKeyRotationTests
{
    [Fact]
    public async Task Rotate_command_writes_a_new_key_and_the_old_one_is_refused_at_once()
    {
        await using var factory = new ApiFactory();
        _ = factory.Server;
        var oldKey = factory.AdminKey;
        using var before = await GetHostsAsync(factory, oldKey);
        using var output = new StringWriter();
        using var errors = new StringWriter();

        var exitCode = await AdminKeyCommand.RotateAsync(factory.CreateClient(), factory.AdminKeyPath, output, errors);
        var newKey = factory.AdminKey;
        using var withOld = await GetHostsAsync(factory, oldKey);
        using var withNew = await GetHostsAsync(factory, newKey);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(0, exitCode);
        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(FileModes.OwnerOnlyFile, FileModes.Of(factory.AdminKeyPath));
        Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        Assert.DoesNotContain(newKey, output.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetHostsAsync(ApiFactory factory, string key)
    {
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return await client.GetAsync("/api/v1/hosts");
    }
}
