namespace GameOps.Web.Shell;

/// <summary>
/// Values the user gave were refused, each problem keyed by its field as the REST API's 400 names it (<c>cron</c>,
/// <c>steps[0].seconds</c>): the page shows each at its field.
/// </summary>
public sealed class ConsoleFieldsException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}
