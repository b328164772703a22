<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Presets</name>
    <message>
        <source>He + ReLU (healthy)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The gradient ∂ℓ/∂h stays level from the top layer to the bottom, and the activation variance stays within a small factor of the theory line (one finite-width network drifts a little; widen it and the drift shrinks): γ = 2/n cancels ReLU's halving. Compare Xavier + ReLU, which loses a factor of 2 at every layer.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Vanishing: sigmoid, deep</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The variance of ∂ℓ/∂h falls ≈18× per layer towards the bottom (its RMS ≈4×): σ' ≤ ¼, and over the spread of the pre-activations σ'² averages 0.056, a little below σ'(0)² = 1/16. After 30 layers the bottom's RMS gradient is ≈6e-19 of the top's: only the top layers could learn.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Exploding: ReLU with N(0, 1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>With Var[w] = 1 every layer multiplies the variance of the activations and of ∂ℓ/∂h by n/2 = 128 (their magnitudes by ≈11×). They leave the healthy band within a few layers; in fp16 (the 'fp16 overflow' scenario) they become inf.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Small init N(0, 0.01²), deep</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>n·γ = 0.0256 shrinks the activations' variance ≈39× per layer, so the signal vanishes within a few layers and the bottom's gradients are tiny. Fine for a 2-layer net, hopeless for a deep one.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Xavier + tanh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compared with the old init U[±1/√n] (torch default), whose ∂ℓ/∂h variance falls to ≈1e-14 of the top's over 30 layers, Xavier keeps it nearly level: it still falls ≈20× over 30 layers, but in proportion to depth (a power law, ≈70× over 100 layers), not exponentially. tanh saturates a little more with every layer, so the activations' variance falls like 1/t too (≈25× over 30 layers), as the mean-field line predicts.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Xavier + ReLU (halving)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ReLU zeroes half its inputs, so with γ = 1/n the activations' variance halves at every layer: a straight downward line on the log axis, 2⁻²⁹ ≈ 2e-9 of the first layer's after 30 layers on the theory line (this finite network drifts above it by ≈×2). He init's γ = 2/n fixes exactly this.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Xavier's compromise: alternating widths</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Widths alternate 256, 1024, 256, …, so n_in·γ = 1 (forward) and n_out·γ = 1 (backward) cannot both hold. Xavier's γ = 2/(n_in + n_out) multiplies both variances by 0.4 or 1.6 per layer instead of 0.25 or 4, but 0.4 · 1.6 = 0.64: both lines drift down ≈0.8× per layer. Switch to LeCun normal (γ = 1/n_in) and the activations stay level while ∂ℓ/∂h zig-zags ×4; LeCun fan-out (γ = 1/n_out) keeps ∂ℓ/∂h level instead.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>fp16 underflow: sigmoid, depth 50</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>In fp16 values below 6.1e-5 become subnormal and lose precision; only below ≈3e-8 (half the smallest subnormal, 6e-8: the dotted line) do they flush to 0. Here ∂ℓ/∂h falls ≈18× per layer, so the weight gradients of the bottom ≈40 of 50 layers are exactly zero (light-blue ▼ markers); in fp32 the same network's are tiny but non-zero.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>fp16 overflow: ReLU with N(0, 1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Activations pass fp16's maximum 65504 from layer 4 and are all inf or NaN (∞ − ∞) by layer 6, so the loss is NaN and every weight gradient ∂ℓ/∂W is inf or NaN (markers instead of points). ∂ℓ/∂h starts at g/B at the top and stays finite in the top 5 layers before it too overflows; fp32 still represents all of these values.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Residual rescue: sigmoid, depth 50</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>h^t = h^(t−1) + f(W h^(t−1)) turns the product of Jacobians into sums: the bottom layers' ∂ℓ/∂h stays within 10³ of the top even with sigmoid. Switch residual off to watch the same network vanish.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Gradient clipping: ReLU with N(0, 1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The raw global gradient norm is astronomically large; clipping rescales it to 1 before any update, so the weight gradients ∂ℓ/∂W land inside the healthy band. The status bar shows the norm before and after clipping.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>sigmoid vs 4·sigmoid − 2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>4·sigmoid(x) − 2 = x − x³/12 + … looks like the identity near 0, so with Xavier the RMS of ∂ℓ/∂h falls only ≈3× over 30 layers (a slow power law, as with tanh), where plain sigmoid's falls to ≈1e-18 of the top's. Compare with the 'Vanishing' preset and the Taylor panel.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Learning rate too high</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>With lr = 5 the first update is already a large part of the weights themselves: its update:data ratio lies between 0.2 and 0.8 (10⁻⁰·⁷ … 10⁻⁰·¹), far above the healthy 10⁻³, and the second step's is larger still. The loss jumps and diverges to inf/NaN within 3 steps, and the run pauses with a message (the ratio plot keeps the last finite step's).</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Learning rate too low</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>With lr = 1e-5 the update:data ratio sits near 10⁻⁶, three orders below the healthy 10⁻³: the loss curve is flat. Nothing is broken, the network simply barely moves.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Training: He + ReLU, good learning rate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The loss falls steadily and every layer's update:data ratio sits near the 10⁻³ line: all layers learn. Compare with a sigmoid network, where the bottom layers' ratios fall far below it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dynamical isometry: tanh, orthogonal</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>With orthogonal weights at σ_w² = 1 and a small bias, the singular values of J_0 = ∂h^d/∂x stay within ≈3 decades of each other at depth 30 (Spectrum tab): no direction of the gradient is lost. Switch Init to Xavier normal, the same σ_w² with Gaussian weights: the spectrum spreads over more than 40 decades, so some directions all but vanish, although the mean gain, the gradient plot's line, stays the same.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Linear: Gaussian vs orthogonal</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>A linear net with Gaussian Xavier weights keeps the RMS gain at 1 at every depth, so the gradient plot is level, yet the singular values of J_0 spread over more than 35 decades, along the Fuss–Catalan law of products of Gaussian matrices (dashed): a few directions grow ≈7×, most shrink. Switch Init to orthogonal: every singular value is 1, to the float32 rounding of the weights (1e-5).</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
