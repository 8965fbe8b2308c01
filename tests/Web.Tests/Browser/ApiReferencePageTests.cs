using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GameOps.Web.Tests.Browser;

/// <summary>
/// The API reference page in Debian's Chromium against a silo process: it renders the silo's own OpenAPI document,
/// every operation under its tag, a body's example, and can be worked with the keyboard alone.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ApiReferencePageTests
{
    [Fact]
    public async Task The_reference_lists_every_operation_under_its_tag_and_shows_a_body_example()
    {
        using var folder = new TempDirectory();
        await using var silo = await SiloProcess.StartAsync(folder.Path, TimeSpan.FromSeconds(90));
        using var anonymous = silo.CreateClient();
        var document = await anonymous.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var expected = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().SelectMany(operation => operation.Value.GetProperty("tags").EnumerateArray().Select(tag =>
                (Tag: tag.GetString()!, Operation: $"{operation.Name.ToUpperInvariant()} {path.Name}"))))
            .GroupBy(o => o.Tag, o => o.Operation)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToList());

        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(silo.BaseAddress);
        var errors = new List<string>();
        // A script error, or a file of the page the silo does not serve (the browser's own favicon request aside).
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                errors.Add(message.Text);
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && !response.Url.EndsWith("/favicon.ico", StringComparison.Ordinal))
            {
                errors.Add($"{response.Status} {response.Url}");
            }
        };
        await page.GotoAsync("/api/reference");
        await page.Locator("body[data-loaded=true]").WaitForAsync();

        foreach (var (tag, operations) in expected)
        {
            var listed = await page.Locator($"section[data-tag='{tag}'] details.operation").EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.operation)");
            Assert.Equal(operations, listed.Order(StringComparer.Ordinal));
        }

        Assert.Equal(expected.Count, await page.Locator("section[data-tag]").CountAsync());

        // Keyboard only: the filter narrows the list; Tab reaches the first operation left, Enter opens it.
        await page.Locator("#filter").FocusAsync();
        await page.Keyboard.TypeAsync("post adds install");
        var createHost = page.Locator("details[data-operation='POST /api/v1/hosts']");
        await Assertions.Expect(page.Locator("details.operation:visible")).ToHaveCountAsync(1);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(createHost).ToHaveAttributeAsync("open", "");
        var example = await createHost.Locator("pre[data-example]").First.InnerTextAsync();
        Assert.Equal("eu-west-1", JsonDocument.Parse(example).RootElement.GetProperty("name").GetString());
        await Assertions.Expect(createHost.Locator("[data-status='201']")).ToContainTextAsync("CreatedHost");
        await Assertions.Expect(createHost.Locator("[data-status='429']")).ToBeVisibleAsync();

        await page.Locator("#filter").FillAsync("");
        await page.Locator("details[data-operation='POST /api/v1/hosts/{hostId}/jobs']").Locator("summary").ClickAsync();
        await page.ScreenshotBothWidthsAsync("api-reference");
        Assert.Empty(errors);
    }
}
