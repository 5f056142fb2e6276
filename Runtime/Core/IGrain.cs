namespace Maildriver.Runtime;

/// <summary>Marker for every grain interface. Grain methods return <see cref="Task"/>, <see cref="Task{T}"/> or <see cref="ValueTask{T}"/>.</summary>
public interface IGrain;

/// <summary>
/// A grain addressed by a string key. The key's first segment (up to the first '/') names the silo
/// the grain lives on, so placement is deterministic: <c>"MD2"</c> and <c>"MD2/alice"</c> both live on MD2.
/// </summary>
public interface IGrainWithStringKey : IGrain;
