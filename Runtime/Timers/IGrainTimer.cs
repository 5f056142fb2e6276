namespace Maildriver.Runtime.Timers;

/// <summary>A grain timer; dispose it to stop it.</summary>
public interface IGrainTimer : IDisposable;
