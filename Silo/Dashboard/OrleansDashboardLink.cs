using System.Text;
using Microsoft.AspNetCore.Http;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// Puts a link back to Maildriver's page on the Orleans Dashboard's page. The Orleans Dashboard has no custom pages
/// nor links of its own, so its <c>index.html</c> is taken as it serves it and one anchor is added before
/// <c>&lt;/body&gt;</c>; nothing else it serves is touched.
/// </summary>
internal static class OrleansDashboardLink
{
    /// <summary>The anchor's id, for tests and for anyone styling it.</summary>
    public const string AnchorId = "maildriver-link";

    // Fixed in a corner, above the Orleans Dashboard's own layout; styled inline so it needs no file of its own.
    private static readonly string Anchor =
        $"<a id=\"{AnchorId}\" href=\"/\" style=\"position:fixed;top:10px;right:14px;z-index:10000;padding:4px 10px;"
        + "border-radius:4px;background:#1f4e79;color:#fff;font:600 13px system-ui,sans-serif;text-decoration:none\">"
        + "Maildriver: machines, protocol, events</a>";

    /// <summary>Adds the link to the Orleans Dashboard's page; passes everything else through untouched.</summary>
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var path = context.Request.Path.Value;
        if (!HttpMethods.IsGet(context.Request.Method)
            || !(string.Equals(path, DashboardGate.OrleansDashboardPath + "/", StringComparison.OrdinalIgnoreCase)
                 || string.Equals(path, DashboardGate.OrleansDashboardPath + "/index.html", StringComparison.OrdinalIgnoreCase)))
        {
            await next(context);
            return;
        }

        // The page is small: take it whole, uncompressed, and never answered "not modified" for a copy without the link.
        context.Request.Headers.AcceptEncoding = default;
        context.Request.Headers.IfNoneMatch = default;
        var body = context.Response.Body;
        using var page = new MemoryStream();
        context.Response.Body = page;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
        }

        var bytes = page.ToArray();
        if (context.Response.StatusCode == StatusCodes.Status200OK
            && context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
        {
            var html = Encoding.UTF8.GetString(bytes);
            var end = html.LastIndexOf("</body>", StringComparison.OrdinalIgnoreCase);
            bytes = Encoding.UTF8.GetBytes(end < 0 ? html + Anchor : html.Insert(end, Anchor));
            context.Response.Headers.ETag = default;
        }

        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
