namespace GameOps.Web.Alerts;

/// <summary>Which of the alerts page's two lists: what is pending or firing now, or what has resolved.</summary>
public enum AlertList
{
    Current,
    Resolved,
}
