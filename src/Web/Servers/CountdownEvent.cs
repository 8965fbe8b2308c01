namespace GameOps.Web.Servers;

/// <summary>What an org event meant to a <see cref="CountdownProgress"/>.</summary>
public enum CountdownEvent
{
    Ignored,
    Changed,

    /// <summary>A run the page does not know started: read the server to show it.</summary>
    ReadAgain,
}
