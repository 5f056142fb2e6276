namespace Maildriver.Grains.Server;

/// <summary>
/// The login session of a front-door call. Its token travels in Orleans's request context, beside the call rather
/// than among its arguments: the front door checks it on the machine at the start of each request, and no method
/// signature carries a credential. Callers set it for one call with <see cref="CallAsync{T}"/> (or the
/// <see cref="MailSessionCalls"/> extensions); it is gone again when that call returns.
/// </summary>
public static class MailSession
{
    /// <summary>The request-context key under which the token travels.</summary>
    public const string TokenKey = "maildriver.session";

    /// <summary>The token of the call being served, or null when the caller sent none.</summary>
    public static string? Token => RequestContext.Get(TokenKey) as string;

    /// <summary>Runs <paramref name="call"/> with <paramref name="token"/> in the request context of every grain call it makes.</summary>
    /// <remarks>
    /// The request context lives in an <see cref="AsyncLocal{T}"/>: set inside this async method, it reaches the calls
    /// <paramref name="call"/> starts (retries on another gateway included) and is undone for the caller when this
    /// method returns, so a token never leaks into the caller's later calls.
    /// </remarks>
    public static async Task<T> CallAsync<T>(string token, Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(token);
        RequestContext.Set(TokenKey, token);
        return await call();
    }

    /// <summary>As <see cref="CallAsync{T}"/>, for a call with no result.</summary>
    public static async Task CallAsync(string token, Func<Task> call)
    {
        ArgumentNullException.ThrowIfNull(token);
        RequestContext.Set(TokenKey, token);
        await call();
    }
}
