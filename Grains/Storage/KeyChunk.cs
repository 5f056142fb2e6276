namespace Maildriver.Grains.Storage;

/// <summary>One statement's worth of keys from <see cref="KeyChunks"/>.</summary>
/// <param name="Size">How many keys the statement's text takes (one of <see cref="KeyChunks.Sizes"/>).</param>
/// <param name="Parameters">The parameters to bind, the leading ones first.</param>
internal readonly record struct KeyChunk(int Size, (string Name, object Value)[] Parameters);
