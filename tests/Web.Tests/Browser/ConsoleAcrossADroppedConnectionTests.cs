using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>
/// A game server's console in Debian's Chromium while the browser loses its network: lines a real agent reads from the
/// game's log file keep coming while the circuit's connection is down, Blazor shows its reconnect dialog, rejoins the
/// same circuit when the network is back, and the console then shows every line written, once each, in order.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ConsoleAcrossADroppedConnectionTests
{
    private const string OwnerName = "otto";
    private const string Password = "a long enough passphrase";
    private const string ServerId = "main";

    [Fact]
    public async Task A_dropped_circuit_rejoins_and_the_console_shows_every_line_written_meanwhile_once_in_order()
    {
        using var folder = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(90));
        using var anonymous = silo.CreateClient();
        var setupToken = (await File.ReadAllTextAsync(folder.Combine("data", "setup-token"))).Trim();
        using var setup = await anonymous.PostAsJsonAsync("/api/v1/setup", new { setupToken, userName = OwnerName, password = Password, orgName = "Otto's servers" });
        Assert.True(setup.IsSuccessStatusCode, await setup.Content.ReadAsStringAsync());
        using var api = await GameOpsApi.ForAsync(silo, folder.Path);

        // The agent follows the game's log file, which does not exist yet: it is read from its start once it appears.
        var host = await api.CreateEnrolledHostAsync("Rack 1");
        var agentFolder = Directory.CreateDirectory(folder.Combine("agent")).FullName;
        var logFile = Path.Combine(agentFolder, "game.log");
        await using var agent = AgentProcess.Start(agentFolder, new
        {
            controlPlaneUrl = silo.GatewayAddress.ToString().TrimEnd('/'),
            hostId = host.Host.Id,
            credential = host.Credential,
            journalPath = Path.Combine(agentFolder, "journal.jsonl"),
            servers = new[] { new { id = ServerId, name = "Main server", kind = "source-rcon", address = $"127.0.0.1:{TestPorts.Free()}", password = "rcon", logFile } },
        });
        await Eventually.ReadAsync(() => api.GetHostAsync(host.Host.Id), h => h.Servers.Any(s => s.Id == ServerId), ConsoleBrowser.Patience * 2);

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(silo.BaseAddress);

        // Going offline fails new requests but leaves an open WebSocket be: the test holds each circuit's socket, both
        // ends of it, to cut it as a lost network would.
        var circuitSockets = new List<(IWebSocketRoute Page, IWebSocketRoute Server)>();
        await page.Context.RouteWebSocketAsync(url => new Uri(url).AbsolutePath.StartsWith("/_blazor", StringComparison.Ordinal), socket =>
        {
            lock (circuitSockets)
            {
                circuitSockets.Add((socket, socket.ConnectToServer()));
            }
        });
        var serverPath = $"/hosts/{host.Host.Id}/servers/{ServerId}";
        await page.SignInAsync(serverPath, OwnerName, Password);
        await page.Locator("[data-testid=console-empty]").WaitForAsync();

        var written = new List<string>();
        await WriteLinesAsync(logFile, written, "before the drop", 10);
        await WaitForShownAsync(page, written);
        await page.EvaluateAsync("() => window.gameopsNotReloaded = true");

        // The browser goes offline: its circuit's WebSocket drops and every attempt to rejoin fails until it is back.
        // Blazor's own reconnect dialog, in its host element's shadow root (Playwright's CSS reaches into open ones).
        var reconnecting = page.Locator("#components-reconnect-modal .components-reconnect-dialog");
        await page.Context.SetOfflineAsync(true);
        (IWebSocketRoute Page, IWebSocketRoute Server)[] open;
        lock (circuitSockets)
        {
            open = [.. circuitSockets];
            circuitSockets.Clear();
        }

        Assert.NotEmpty(open);
        foreach (var (pageEnd, serverEnd) in open)
        {
            await serverEnd.CloseAsync(new WebSocketRouteCloseOptions { Code = 1001, Reason = "network lost" });
            await pageEnd.CloseAsync(new WebSocketRouteCloseOptions { Code = 1001, Reason = "network lost" });
        }

        await reconnecting.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });

        // Lines come while it is down; the control plane has stored them all before the network comes back.
        await using (var stored = await SseClient.OpenAsync(api.Client, $"/api/v1/hosts/{host.Host.Id}/servers/{ServerId}/console", ConsoleBrowser.Patience, lastEventId: $"{written.Count}"))
        {
            await WriteLinesAsync(logFile, written, "while the browser is offline", 15);
            await stored.ReadUntilAsync(message => message.Id == $"{written.Count}", ConsoleBrowser.Patience);
        }

        Assert.True(await reconnecting.IsVisibleAsync(), "The circuit rejoined while the browser was offline.");
        await page.Context.SetOfflineAsync(false);
        await reconnecting.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Hidden });
        await WaitForShownAsync(page, written);

        // The same circuit carries on live, and the page was not loaded again.
        await WriteLinesAsync(logFile, written, "after the network came back", 5);
        await WaitForShownAsync(page, written);
        Assert.True(await page.EvaluateAsync<bool>("() => window.gameopsNotReloaded === true"), "The page was reloaded: the circuit was not rejoined.");

        var shown = await ShownLinesAsync(page);
        Assert.Equal(written, shown.Select(line => line.Text));
        Assert.Equal(Enumerable.Range(1, written.Count).Select(n => (ulong)n), shown.Select(line => line.Sequence));
    }

    // Appended as the game writes its log: whole lines, flushed, the file closed between writes.
    private static async Task WriteLinesAsync(string logFile, List<string> written, string what, int count)
    {
        var lines = Enumerable.Range(written.Count + 1, count).Select(n => $"line {n:000} {what}").ToList();
        await File.AppendAllLinesAsync(logFile, lines);
        written.AddRange(lines);
    }

    // The console follows its newest line, so the last one written is in the rendered rows once it is shown.
    private static Task WaitForShownAsync(IPage page, List<string> written) =>
        page.Locator($"[data-testid=console] [data-kind=Line][data-sequence='{written.Count}']").WaitForAsync();

    private static async Task<IReadOnlyList<(ulong Sequence, string Text)>> ShownLinesAsync(IPage page)
    {
        var rows = await page.EvaluateAsync<JsonElement>(
            "() => [...document.querySelectorAll('[data-testid=console] [data-kind]')].map(row => [row.dataset.kind, row.dataset.sequence, row.textContent])");
        return [.. rows.EnumerateArray().Select(row =>
        {
            Assert.Equal("Line", row[0].GetString());

            // A row reads "HH:mm:ss text".
            var text = row[2].GetString()!;
            return (ulong.Parse(row[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture), text[(text.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        })];
    }
}
