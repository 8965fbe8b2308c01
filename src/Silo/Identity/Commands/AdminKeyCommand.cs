using System.Net.Http.Headers;
using System.Net.Http.Json;
using GameOps.Silo.Security;

namespace GameOps.Silo.Identity.Commands;

/// <summary>
/// <c>GameOps.Silo admin-key rotate</c>: asks the running silo for a new platform admin key with the one in the key
/// file, and writes the new one over it. The old key is refused from that moment (on other silos of a cluster within
/// the verifier's 5 s memory).
/// </summary>
public static class AdminKeyCommand
{
    public const string Name = "admin-key";
    public const string Rotate = "rotate";

    public static async Task<int> RunAsync(WebApplicationBuilder builder, string[] args)
    {
        if (args is not [Name, Rotate])
        {
            await Console.Error.WriteLineAsync($"Usage: GameOps.Silo {Name} {Rotate}");
            return 2;
        }

        using var api = LocalApi.ClientFor(builder.Configuration);
        return await RotateAsync(api, LocalApi.PathOf<AdminKeyOptions>(builder.Configuration, AdminKeyOptions.Section, o => o.FilePath), Console.Out, Console.Error);
    }

    public static async Task<int> RotateAsync(HttpClient api, string keyPath, TextWriter output, TextWriter errors)
    {
        if (await SecretFile.ReadAsync(keyPath, CancellationToken.None) is not { Length: > 0 } key)
        {
            await errors.WriteLineAsync($"There is no admin key in {keyPath}: rotation needs the current one.");
            return 1;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/admin-key/rotate");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await LocalApi.SendAsync(api, request, "rotation", errors);
        if (response is null)
        {
            return 1;
        }

        if (!response.IsSuccessStatusCode)
        {
            await errors.WriteLineAsync($"The silo refused the rotation ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync()}");
            return 1;
        }

        var rotated = await response.Content.ReadFromJsonAsync<AdminKeyEndpoints.RotatedAdminKey>();
        await SecretFile.WriteAsync(keyPath, rotated!.Key, CancellationToken.None);

        await output.WriteLineAsync($"Rotated the platform admin key: the new one is in {keyPath}; the old one is refused from now on.");
        return 0;
    }
}
