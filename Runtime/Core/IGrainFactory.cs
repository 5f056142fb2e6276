namespace Maildriver.Runtime;

/// <summary>Hands out typed references to grains, as Orleans's <c>IGrainFactory</c> does.</summary>
public interface IGrainFactory
{
    /// <summary>A reference to the grain of interface <typeparamref name="TGrain"/> with this key. Creating it calls nothing.</summary>
    TGrain GetGrain<TGrain>(string key) where TGrain : IGrainWithStringKey;
}
