<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActivationPlot</name>
    <message>
        <source>Activations per layer</source>
        <translation>各层激活</translation>
    </message>
    <message>
        <source>mean hᵗ</source>
        <translation>hᵗ 均值</translation>
    </message>
    <message>
        <source>theory (dashed)</source>
        <translation>理论（虚线）</translation>
    </message>
    <message>
        <source>Layer shown in the histogram (click a layer of the gradient plot)</source>
        <translation>直方图显示的层（在梯度图中点击某一层）</translation>
    </message>
    <message>
        <source>Per-layer variance (top) and mean (bottom) of the activations h^t. The lesson's goal: keep both the same at every layer.</source>
        <translation>激活 h^t 的逐层方差（上）和均值（下）。本课的目标：让两者在每一层都保持不变。</translation>
    </message>
</context>
<context>
    <name>Activations</name>
    <message>
        <source>A formula of your own: the network, its gradient, the theory and the Taylor series all read it.</source>
        <translation>你自己的公式：网络、它的梯度、理论和泰勒级数都读取它。</translation>
    </message>
    <message>
        <source>σ' is 0 or 1: gradients become products of weight matrices.</source>
        <translation>σ' 为 0 或 1：梯度变成权重矩阵的乘积。</translation>
    </message>
    <message>
        <source>σ'(x) = σ(x)(1 − σ(x)) ≤ ¼: every layer shrinks the gradient.</source>
        <translation>σ'(x) = σ(x)(1 − σ(x)) ≤ ¼：每一层都让梯度缩小。</translation>
    </message>
    <message>
        <source>Looks like the identity at 0: f(0) = 0, f'(0) = 1.</source>
        <translation>在 0 附近像恒等函数：f(0) = 0，f'(0) = 1。</translation>
    </message>
    <message>
        <source>The lesson's repaired sigmoid: x − x³/12 + … near 0.</source>
        <translation>课程中修正过的 sigmoid：在 0 附近为 x − x³/12 + …。</translation>
    </message>
    <message>
        <source>leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>Like ReLU, but negative inputs keep a small slope.</source>
        <translation>与 ReLU 相似，但负输入保留一个小斜率。</translation>
    </message>
    <message>
        <source>Smooth for x &lt; 0; slope 1 on both sides of 0.</source>
        <translation>x &lt; 0 时光滑；0 的两侧斜率均为 1。</translation>
    </message>
    <message>
        <source>f'(0) = ½: halves the gradient's scale near 0.</source>
        <translation>f'(0) = ½：在 0 附近把梯度的尺度减半。</translation>
    </message>
    <message>
        <source>SiLU (swish)</source>
        <translation>SiLU（swish）</translation>
    </message>
    <message>
        <source>f'(0) = ½, like GELU.</source>
        <translation>f'(0) = ½，与 GELU 相同。</translation>
    </message>
    <message>
        <source>f(0) = ln 2 ≠ 0: shifts the mean of every layer.</source>
        <translation>f(0) = ln 2 ≠ 0：使每一层的均值发生偏移。</translation>
    </message>
    <message>
        <source>Slope 1 at 0, but bends on both sides immediately.</source>
        <translation>在 0 处斜率为 1，但两侧立刻弯曲。</translation>
    </message>
    <message>
        <source>identity</source>
        <translation>恒等</translation>
    </message>
    <message>
        <source>No activation: the lesson's linear network.</source>
        <translation>没有激活函数：课程中的线性网络。</translation>
    </message>
</context>
<context>
    <name>Animation</name>
    <message>
        <source>step {step} of {steps}</source>
        <translation>第 {step} 步，共 {steps} 步</translation>
    </message>
    <message>
        <source>depth {depth} of {last}</source>
        <translation>深度 {depth} / {last}</translation>
    </message>
    <message>
        <source>{settings} · step {step} of {steps}</source>
        <translation>{settings} · 第 {step} 步，共 {steps} 步</translation>
    </message>
    <message>
        <source>{settings} · depth ramp {first}–{last}</source>
        <translation>{settings} · 深度从 {first} 增至 {last}</translation>
    </message>
    <message>
        <source>{plot} does not change over steps or depth (animate one of: {allowed})</source>
        <translation>{plot} 不随步数或深度变化（可做动画的图：{allowed}）</translation>
    </message>
    <message>
        <source>{plot} is not a plot (animate one of: {allowed})</source>
        <translation>{plot} 不是一幅图（可做动画的图：{allowed}）</translation>
    </message>
    <message>
        <source>training steps in all</source>
        <translation>训练总步数</translation>
    </message>
    <message>
        <source>{count} frames need at least {count} training steps (there are {steps})</source>
        <translation>{count} 帧至少需要 {count} 个训练步（现有 {steps} 步）</translation>
    </message>
    <message>
        <source>a training animation needs at least {least} steps</source>
        <translation>训练动画至少需要 {least} 步</translation>
    </message>
    <message>
        <source>the training plot moves only while training: set mode to train (a probe config animates over a depth ramp)</source>
        <translation>训练图只在训练时变化：请切换到训练模式（探测配置的动画随深度递增）</translation>
    </message>
    <message>
        <source>probe steps per depth</source>
        <translation>每个深度的探测步数</translation>
    </message>
    <message>
        <source>a depth ramp needs depth ≥ {least} (it is {depth})</source>
        <translation>深度递增需要深度 ≥ {least}（现为 {depth}）</translation>
    </message>
    <message>
        <source>a depth ramp to depth {depth} has at most {depth} frames (asked {count})</source>
        <translation>递增到深度 {depth} 最多有 {depth} 帧（要求 {count} 帧）</translation>
    </message>
    <message>
        <source>{value} is out of range ({lo}–{hi})</source>
        <translation>{value} 超出范围（{lo}–{hi}）</translation>
    </message>
    <message>
        <source>{steps} is out of range (1–{limit} {what})</source>
        <translation>{steps} 超出范围（1–{limit}，{what}）</translation>
    </message>
</context>
<context>
    <name>AnimationDialog</name>
    <message>
        <source>GIF (loops in any slide program)</source>
        <translation>GIF（在任何幻灯片软件中循环播放）</translation>
    </message>
    <message>
        <source>MP4 video (H.264)</source>
        <translation>MP4 视频（H.264）</translation>
    </message>
    <message>
        <source>Plot</source>
        <translation>图</translation>
    </message>
    <message>
        <source>Fps</source>
        <translation>帧率</translation>
    </message>
    <message>
        <source>Frames</source>
        <translation>帧数</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Computed step {step} of {steps}</source>
        <translation>已计算第 {step} 步，共 {steps} 步</translation>
    </message>
    <message>
        <source>Computed depth {depth} of {last}</source>
        <translation>已计算深度 {depth} / {last}</translation>
    </message>
    <message>
        <source>Painted frame {frame} of {frames}</source>
        <translation>已绘制第 {frame} 帧，共 {frames} 帧</translation>
    </message>
    <message>
        <source>Exported animation to {path} ({frames} frames, {size} px, {bytes})</source>
        <translation>动画已导出到 {path}（{frames} 帧，{size} px，{bytes}）</translation>
    </message>
    <message>
        <source>Exported animation to {path}</source>
        <translation>动画已导出到 {path}</translation>
    </message>
    <message>
        <source>cannot start the export command ({why})</source>
        <translation>无法启动导出命令（{why}）</translation>
    </message>
    <message>
        <source>the export command failed (status {code})</source>
        <translation>导出命令失败（状态 {code}）</translation>
    </message>
    <message>
        <source>Export animation</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>How many pictures the animation has</source>
        <translation>动画包含多少个画面</translation>
    </message>
    <message>
        <source> frames/s</source>
        <translation> 帧/秒</translation>
    </message>
    <message>
        <source>The last frame holds {seconds} s</source>
        <translation>最后一帧停留 {seconds} 秒</translation>
    </message>
    <message>
        <source>Frame width; a GIF's file grows with it</source>
        <translation>帧的宽度；GIF 文件随之变大</translation>
    </message>
    <message>
        <source>Caption: the settings and the frame's step or depth</source>
        <translation>图注：设置以及该帧的步数或深度</translation>
    </message>
    <message>
        <source>animation.gif or .mp4</source>
        <translation>animation.gif 或 .mp4</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Training steps</source>
        <translation>训练步数</translation>
    </message>
    <message>
        <source>Steps trained in all; the frames are spread over them</source>
        <translation>总共训练的步数；各帧均匀分布在其中</translation>
    </message>
    <message>
        <source>Steps per depth</source>
        <translation>每个深度的步数</translation>
    </message>
    <message>
        <source>Probe steps at each depth (the heatmap's history)</source>
        <translation>每个深度的探测步数（即热图的历史）</translation>
    </message>
    <message>
        <source>No MP4 encoder found: {install}</source>
        <translation>未找到 MP4 编码器：{install}</translation>
    </message>
    <message>
        <source>Over training: steps 1 → {steps}</source>
        <translation>随训练变化：第 1 → {steps} 步</translation>
    </message>
    <message>
        <source>Over a depth ramp: depth 1 → {depth}</source>
        <translation>随深度递增：深度 1 → {depth}</translation>
    </message>
    <message>
        <source>{field}: {reason}</source>
        <translation>{field}：{reason}</translation>
    </message>
    <message>
        <source>File: name the file to write</source>
        <translation>文件：请填写要写入的文件名</translation>
    </message>
    <message>
        <source>Starting the engine…</source>
        <translation>正在启动引擎…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Exporting animation</source>
        <translation>正在导出动画</translation>
    </message>
    <message>
        <source>Cannot export the animation</source>
        <translation>无法导出动画</translation>
    </message>
    <message>
        <source>Animation export cancelled: no file written</source>
        <translation>动画导出已取消：未写入文件</translation>
    </message>
    <message>
        <source>An animation is being exported: wait for it, or cancel it</source>
        <translation>正在导出一个动画：请等它完成，或取消它</translation>
    </message>
    <message>
        <source>Exporting the animation…</source>
        <translation>正在导出动画…</translation>
    </message>
</context>
<context>
    <name>Captions</name>
    <message>
        <source>depth {depth}</source>
        <translation>深度 {depth}</translation>
    </message>
    <message>
        <source>widths {widths}</source>
        <translation>各层宽度 {widths}</translation>
    </message>
    <message>
        <source>width {width}</source>
        <translation>宽度 {width}</translation>
    </message>
    <message>
        <source>gain {gain}</source>
        <translation>增益 {gain}</translation>
    </message>
    <message>
        <source>bias σ {std}</source>
        <translation>偏置 σ {std}</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>residual×{scale}</source>
        <translation>残差×{scale}</translation>
    </message>
    <message>
        <source>batch norm skipped (batch 1)</source>
        <translation>跳过批归一化（批量为 1）</translation>
    </message>
    <message>
        <source>clip {clip}</source>
        <translation>裁剪 {clip}</translation>
    </message>
    <message>
        <source>{optimizer} lr {lr}</source>
        <translation>{optimizer} 学习率 {lr}</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>layer norm</source>
        <translation>层归一化</translation>
    </message>
</context>
<context>
    <name>CompareFigure</name>
    <message>
        <source>circles: RMS ∂ℓ/∂h</source>
        <translation>圆点：RMS ∂ℓ/∂h</translation>
    </message>
    <message>
        <source>squares: ‖∂ℓ/∂W‖</source>
        <translation>方块：‖∂ℓ/∂W‖</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Side by side (A | B)</source>
        <translation>并排对比（A | B）</translation>
    </message>
    <message>
        <source>What side {side} shows: the live run or one of the pins</source>
        <translation>{side} 侧显示的内容：实时运行或某个固定运行</translation>
    </message>
    <message>
        <source>⇄ Swap</source>
        <translation>⇄ 交换</translation>
    </message>
    <message>
        <source>Exchange sides A and B</source>
        <translation>交换 A、B 两侧</translation>
    </message>
    <message>
        <source>Axes locked: pan or zoom one side and the other follows.</source>
        <translation>坐标轴已锁定：平移或缩放一侧，另一侧随之变化。</translation>
    </message>
    <message>
        <source>Live run</source>
        <translation>实时运行</translation>
    </message>
    <message>
        <source>Pin: {label}</source>
        <translation>固定：{label}</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>waiting for the first frame</source>
        <translation>等待第一帧</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>固定</translation>
    </message>
    <message>
        <source>{side} · {what}:</source>
        <translation>{side} · {what}：</translation>
    </message>
    <message>
        <source>Pin a run first (P): the A | B view puts the live run beside a pinned one</source>
        <translation>请先固定一个运行（P）：A | B 视图把实时运行和一个固定运行并排显示</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>Custom formula…</source>
        <translation>自定义公式…</translation>
    </message>
    <message>
        <source>Type an activation as a formula in x, e.g. x*tanh(softplus(x))</source>
        <translation>把激活函数写成 x 的公式，例如 x*tanh(softplus(x))</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Numerics</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Stabilisers</source>
        <translation>稳定手段</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Apply one of the lesson's scenarios (N: next scenario)</source>
        <translation>应用课程中的一个场景（N：下一个场景）</translation>
    </message>
    <message>
        <source>— choose a lesson scenario —</source>
        <translation>— 选择一个课程场景 —</translation>
    </message>
    <message>
        <source>fp16 (half precision)</source>
        <translation>fp16（半精度）</translation>
    </message>
    <message>
        <source>Run in IEEE half precision (F): values below {tiny} become subnormal and lose precision, below {flush} they flush to 0, and values above {max} become inf</source>
        <translation>以 IEEE 半精度运行（F）：小于 {tiny} 的值变为次正规数并损失精度，小于 {flush} 的值被清零，大于 {max} 的值变为 inf</translation>
    </message>
    <message>
        <source>Run or pause the engine (Space)</source>
        <translation>运行或暂停引擎（Space）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One probe step while paused (S)</source>
        <translation>暂停时做一步探测（S）</translation>
    </message>
    <message>
        <source>Reseed</source>
        <translation>换随机种子</translation>
    </message>
    <message>
        <source>Draw new weights: seed + 1 (R)</source>
        <translation>重新抽取权重：种子 + 1（R）</translation>
    </message>
    <message>
        <source>Pin this run</source>
        <translation>固定当前运行</translation>
    </message>
    <message>
        <source>Keep this run's curves as labelled ghost lines while you change settings (P); up to 6 pins</source>
        <translation>修改设置时，把当前运行的曲线保留为带标签的淡色虚影线（P）；最多固定 6 条</translation>
    </message>
    <message>
        <source>{init}: {gamma}
{why}</source>
        <translation>{init}：{gamma}
{why}</translation>
    </message>
    <message>
        <source>Your formula: f(x) = {formula}
{note}</source>
        <translation>你的公式：f(x) = {formula}
{note}</translation>
    </message>
    <message>
        <source>{setting}: {reason}</source>
        <translation>{setting}：{reason}</translation>
    </message>
    <message>
        <source>&lt;b&gt;What you should see:&lt;/b&gt; {see}</source>
        <translation>&lt;b&gt;你应该看到：&lt;/b&gt;{see}</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>{device} (not found here)</source>
        <translation>{device}（本机没有）</translation>
    </message>
    <message>
        <source>every layer: Width</source>
        <translation>每层：宽度</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>{tip}
Allowed: {allowed}</source>
        <translation>{tip}
允许：{allowed}</translation>
    </message>
    <message>
        <source>{setting}: {reason}; kept {kept}</source>
        <translation>{setting}：{reason}；保留 {kept}</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>热图</translation>
    </message>
    <message>
        <source>Histogram</source>
        <translation>直方图</translation>
    </message>
    <message>
        <source>Spectrum</source>
        <translation>奇异值谱</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
</context>
<context>
    <name>DepthScale</name>
    <message>
        <source>level (|ξ| &gt; 1000 layers)</source>
        <translation>基本持平（|ξ| &gt; 1000 层）</translation>
    </message>
    <message>
        <source>grows e-fold every ξ = {xi} layers</source>
        <translation>每 ξ = {xi} 层增大为 e 倍</translation>
    </message>
    <message>
        <source>shrinks e-fold every ξ = {xi} layers</source>
        <translation>每 ξ = {xi} 层缩小为 1/e</translation>
    </message>
    <message>
        <source>Var[∂ℓ/∂h] ×{factor} per layer down, {scale} (fit: layers {first}–{last})</source>
        <translation>Var[∂ℓ/∂h] 每向下一层 ×{factor}，{scale}（拟合：第 {first}–{last} 层）</translation>
    </message>
    <message>
        <source>Var[∂ℓ/∂h] ×{factor} per layer down (theory ×{theory}), {scale} (fit: layers {first}–{last})</source>
        <translation>Var[∂ℓ/∂h] 每向下一层 ×{factor}（理论 ×{theory}），{scale}（拟合：第 {first}–{last} 层）</translation>
    </message>
</context>
<context>
    <name>EngineRunner</name>
    <message>
        <source>The engine could not start: {reason}</source>
        <translation>引擎无法启动：{reason}</translation>
    </message>
    <message>
        <source>The engine stopped unexpectedly (exit code {code}); change a setting to start it again.</source>
        <translation>引擎意外停止（退出码 {code}）；修改任一设置即可重新启动。</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <source>unknown theme {theme} (allowed: {allowed})</source>
        <translation>未知的主题 {theme}（可选：{allowed}）</translation>
    </message>
    <message>
        <source>Qt could not start drawing the figure</source>
        <translation>Qt 无法开始绘制图形</translation>
    </message>
    <message>
        <source>Qt could not finish drawing the figure</source>
        <translation>Qt 无法完成图形的绘制</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG vector image (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>{path}: unknown figure format {suffix} (use {allowed})</source>
        <translation>{path}：未知的图形格式 {suffix}（请用 {allowed}）</translation>
    </message>
    <message>
        <source>{path}: unknown figure format 'no extension' (use {allowed})</source>
        <translation>{path}：未知的图形格式（没有扩展名；请用 {allowed}）</translation>
    </message>
    <message>
        <source>width {width} px is out of range ({lo}–{hi})</source>
        <translation>宽度 {width} px 超出范围（{lo}–{hi}）</translation>
    </message>
    <message>
        <source>{path}: cannot write the figure ({why})</source>
        <translation>{path}：无法写入图形（{why}）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Gradient plot</source>
        <translation>梯度图</translation>
    </message>
    <message>
        <source>Activation plot</source>
        <translation>激活图</translation>
    </message>
    <message>
        <source>Heatmap (gradient history)</source>
        <translation>热图（梯度历史）</translation>
    </message>
    <message>
        <source>Histogram of one layer</source>
        <translation>单层直方图</translation>
    </message>
    <message>
        <source>Spectrum of the product of Jacobians</source>
        <translation>雅可比矩阵乘积的谱</translation>
    </message>
    <message>
        <source>Training view</source>
        <translation>训练视图</translation>
    </message>
    <message>
        <source>Taylor panel</source>
        <translation>泰勒面板</translation>
    </message>
    <message>
        <source>Phase diagram (sweep)</source>
        <translation>相图（扫描）</translation>
    </message>
    <message>
        <source>Dashboard (the four central plots)</source>
        <translation>仪表盘（中央的四幅图）</translation>
    </message>
    <message>
        <source>Aspect</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高度</translation>
    </message>
    <message>
        <source>CSV table (*.csv);;JSON with history (*.json)</source>
        <translation>CSV 表格 (*.csv);;含历史的 JSON (*.json)</translation>
    </message>
    <message>
        <source>{field}: {reason}</source>
        <translation>{field}：{reason}</translation>
    </message>
    <message>
        <source>{path}: unknown data format {kind} (use .csv or .json)</source>
        <translation>{path}：未知的数据格式 {kind}（请用 .csv 或 .json）</translation>
    </message>
    <message>
        <source>{path}: unknown data format 'without extension' (use .csv or .json)</source>
        <translation>{path}：未知的数据格式（没有扩展名；请用 .csv 或 .json）</translation>
    </message>
    <message>
        <source>{path}: nothing to export yet: no frame has been shown</source>
        <translation>{path}：还没有可导出的内容：尚未显示任何一帧</translation>
    </message>
    <message>
        <source>Export figure</source>
        <translation>导出图形</translation>
    </message>
    <message>
        <source>transparent: dark text and lines on no background, for a light slide; transparent-dark: light text and lines, for a dark slide.</source>
        <translation>透明：无背景，深色文字和线条，用于浅色幻灯片；透明（深色）：浅色文字和线条，用于深色幻灯片。</translation>
    </message>
    <message>
        <source>figure.png, .svg or .pdf</source>
        <translation>figure.png、.svg 或 .pdf</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Caption: {caption}</source>
        <translation>图注：{caption}</translation>
    </message>
    <message>
        <source>Caption</source>
        <translation>图注</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>图形</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Cannot export the figure</source>
        <translation>无法导出图形</translation>
    </message>
    <message>
        <source>Exported {figure} to {path}</source>
        <translation>已将{figure}导出到 {path}</translation>
    </message>
    <message>
        <source>Cannot copy the figure</source>
        <translation>无法复制图形</translation>
    </message>
    <message>
        <source>Figure copied to the clipboard</source>
        <translation>图形已复制到剪贴板</translation>
    </message>
    <message>
        <source>Export data</source>
        <translation>导出数据</translation>
    </message>
    <message>
        <source>Cannot export the data</source>
        <translation>无法导出数据</translation>
    </message>
    <message>
        <source>Exported data to {path}</source>
        <translation>数据已导出到 {path}</translation>
    </message>
    <message>
        <source>1920 px (Full HD slide)</source>
        <translation>1920 px（全高清幻灯片）</translation>
    </message>
    <message>
        <source>3840 px (4K)</source>
        <translation>3840 px（4K）</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>16:9 (widescreen slide)</source>
        <translation>16:9（宽屏幻灯片）</translation>
    </message>
    <message>
        <source>4:3 (classic slide)</source>
        <translation>4:3（传统幻灯片）</translation>
    </message>
    <message>
        <source>1:1 (square)</source>
        <translation>1:1（正方形）</translation>
    </message>
    <message>
        <source>free (the plot's own shape, or width × height)</source>
        <translation>自由（图自身的形状，或 宽度 × 高度）</translation>
    </message>
    <message>
        <source>The figure's shape, caption included. It is laid out at that shape, not stretched; text and lines grow with the size.</source>
        <translation>图形的形状（含图注）。按此形状重新排版，而不是拉伸；文字和线条随尺寸放大。</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Height in pixels: with a fixed aspect it sets the width. 'auto': the plot's own shape decides (free aspect).</source>
        <translation>高度（像素）：比例固定时由它决定宽度。“自动”：由图自身的形状决定（自由比例）。</translation>
    </message>
</context>
<context>
    <name>Figures</name>
    <message>
        <source>light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>transparent</source>
        <translation>透明</translation>
    </message>
    <message>
        <source>transparent-dark</source>
        <translation>透明（深色）</translation>
    </message>
    <message>
        <source>{aspect} is not one of: {allowed}</source>
        <translation>{aspect} 不在可选值中：{allowed}</translation>
    </message>
    <message>
        <source>{width} × {height} px is not {aspect} (give the width or the height, or aspect auto for exactly that size)</source>
        <translation>{width} × {height} px 不是 {aspect}（请只给宽度或高度，或选自由比例以得到正好这个尺寸）</translation>
    </message>
    <message>
        <source>{value} px is out of range ({lo}–{hi}) at aspect {aspect}</source>
        <translation>{value} px 超出范围（{lo}–{hi}，比例 {aspect}）</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the disk quota is used up</source>
        <translation>磁盘配额已用完</translation>
    </message>
    <message>
        <source>the file would be larger than this system's file-size limit</source>
        <translation>文件会超过本系统的文件大小上限</translation>
    </message>
    <message>
        <source>the file system is mounted read-only</source>
        <translation>文件系统以只读方式挂载</translation>
    </message>
    <message>
        <source>a failing disk or a lost network share?</source>
        <translation>磁盘故障或网络共享断开？</translation>
    </message>
    <message>
        <source>a part of the path is a file, not a folder</source>
        <translation>路径中有一部分是文件，而不是文件夹</translation>
    </message>
    <message>
        <source>symbolic links that point in a loop</source>
        <translation>符号链接构成了循环</translation>
    </message>
    <message>
        <source>the program reading it has stopped</source>
        <translation>读取它的程序已经停止</translation>
    </message>
    <message>
        <source>cannot be written</source>
        <translation>无法写入</translation>
    </message>
    <message>
        <source>cannot be read</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>cannot be used</source>
        <translation>无法使用</translation>
    </message>
    <message>
        <source>is a symbolic link that cannot be followed</source>
        <translation>是一个无法跟随的符号链接</translation>
    </message>
    <message>
        <source>{path}: the file name is too long ({longest} bytes in one name; most file systems allow 255)</source>
        <translation>{path}：文件名太长（一个名字有 {longest} 字节；大多数文件系统最多允许 255）</translation>
    </message>
    <message>
        <source>{path}: {action} ({reason}; {hint})</source>
        <translation>{path}：{action}（{reason}；{hint}）</translation>
    </message>
    <message>
        <source>{path}: {action} ({reason})</source>
        <translation>{path}：{action}（{reason}）</translation>
    </message>
    <message>
        <source>an empty file name: name the settings file to read</source>
        <translation>文件名为空：请指定要读取的设置文件</translation>
    </message>
    <message>
        <source>{name}: no such file</source>
        <translation>{name}：没有这个文件</translation>
    </message>
    <message>
        <source>{name}: is a folder, not a JSON file</source>
        <translation>{name}：是文件夹，不是 JSON 文件</translation>
    </message>
    <message>
        <source>{name}: is not a regular file (a device, pipe or socket?)</source>
        <translation>{name}：不是普通文件（设备、管道还是套接字？）</translation>
    </message>
    <message>
        <source>{name}: {size} bytes is too large for a settings file</source>
        <translation>{name}：{size} 字节，作为设置文件太大</translation>
    </message>
    <message>
        <source>{name}: too large for a settings file</source>
        <translation>{name}：作为设置文件太大</translation>
    </message>
    <message>
        <source>{name}: not UTF-8 text (is it a JSON file?)</source>
        <translation>{name}：不是 UTF-8 文本（它是 JSON 文件吗？）</translation>
    </message>
    <message>
        <source>{name}: not valid JSON ({why} at line {line})</source>
        <translation>{name}：不是有效的 JSON（第 {line} 行：{why}）</translation>
    </message>
    <message>
        <source>{name}: nested too deeply to be a settings file</source>
        <translation>{name}：嵌套太深，不像设置文件</translation>
    </message>
    <message>
        <source>{name}: a number has too many digits</source>
        <translation>{name}：有一个数字位数太多</translation>
    </message>
    <message>
        <source>{name}: {why}</source>
        <translation>{name}：{why}</translation>
    </message>
    <message>
        <source>the key {key} appears twice in one object</source>
        <translation>键 {key} 在同一个对象中出现了两次</translation>
    </message>
    <message>
        <source>{text} is too small to be stored as a number</source>
        <translation>{text} 太小，无法存为数字</translation>
    </message>
    <message>
        <source>{name} is not allowed in a settings file</source>
        <translation>设置文件中不允许 {name}</translation>
    </message>
</context>
<context>
    <name>Formula</name>
    <message>
        <source>{problem} at character {n} of {text}</source>
        <translation>{text} 的第 {n} 个字符处：{problem}</translation>
    </message>
    <message>
        <source>{problem} at the end of {text}</source>
        <translation>{text} 的末尾：{problem}</translation>
    </message>
    <message>
        <source>{problem} at character {n} of {text} ({hint})</source>
        <translation>{text} 的第 {n} 个字符处：{problem}（{hint}）</translation>
    </message>
    <message>
        <source>{problem} at the end of {text} ({hint})</source>
        <translation>{text} 的末尾：{problem}（{hint}）</translation>
    </message>
    <message>
        <source>write powers as **</source>
        <translation>乘方请写作 **</translation>
    </message>
    <message>
        <source>attributes are not allowed</source>
        <translation>不允许使用属性</translation>
    </message>
    <message>
        <source>comparisons: &lt;, &lt;=, &gt;, &gt;=</source>
        <translation>比较请用 &lt;, &lt;=, &gt;, &gt;=</translation>
    </message>
    <message>
        <source>no text in a formula</source>
        <translation>公式中不能有字符串</translation>
    </message>
    <message>
        <source>unexpected character {char}</source>
        <translation>意外的字符 {char}</translation>
    </message>
    <message>
        <source>expected {op}, found {value}</source>
        <translation>应为 {op}，却是 {value}</translation>
    </message>
    <message>
        <source>expected {op}</source>
        <translation>应为 {op}</translation>
    </message>
    <message>
        <source>nested more than {n} deep</source>
        <translation>嵌套超过 {n} 层</translation>
    </message>
    <message>
        <source>a comparison may only be where()'s condition</source>
        <translation>比较只能作为 where() 的条件</translation>
    </message>
    <message>
        <source>expected an operator, found {value}</source>
        <translation>应为运算符，却是 {value}</translation>
    </message>
    <message>
        <source>expected a comparison (&lt;, &lt;=, &gt;, &gt;=) as where()'s condition</source>
        <translation>where() 的条件应为比较（&lt;, &lt;=, &gt;, &gt;=）</translation>
    </message>
    <message>
        <source>the exponent {p} is larger than {most}</source>
        <translation>指数 {p} 大于 {most}</translation>
    </message>
    <message>
        <source>the number {value} is larger than {most}</source>
        <translation>数值 {value} 大于 {most}</translation>
    </message>
    <message>
        <source>expected a number, x or '(', found {value}</source>
        <translation>应为数值、x 或 '('，却是 {value}</translation>
    </message>
    <message>
        <source>unfinished formula</source>
        <translation>公式不完整</translation>
    </message>
    <message>
        <source>did you mean {name}?</source>
        <translation>是不是想写 {name}？</translation>
    </message>
    <message>
        <source>`list` names the functions</source>
        <translation>`list` 命令列出可用的函数</translation>
    </message>
    <message>
        <source>unknown name {name}</source>
        <translation>未知的名称 {name}</translation>
    </message>
    <message>
        <source>{name} needs its argument in parentheses: {name}(…)</source>
        <translation>{name} 的参数须写在括号里：{name}(…)</translation>
    </message>
    <message>
        <source>{name} takes {n} arguments, not {given}</source>
        <translation>{name} 需要 {n} 个参数，而不是 {given} 个</translation>
    </message>
    <message>
        <source>{name} takes {n} argument, not {given}</source>
        <translation>{name} 需要 {n} 个参数，而不是 {given} 个</translation>
    </message>
    <message>
        <source>a formula is text</source>
        <translation>公式须为文本</translation>
    </message>
    <message>
        <source>longer than {n} characters</source>
        <translation>超过 {n} 个字符</translation>
    </message>
    <message>
        <source>empty formula</source>
        <translation>公式为空</translation>
    </message>
    <message>
        <source>more than {n} terms</source>
        <translation>超过 {n} 项</translation>
    </message>
    <message>
        <source>a formula in x must use x</source>
        <translation>关于 x 的公式必须用到 x</translation>
    </message>
</context>
<context>
    <name>FormulaDialog</name>
    <message>
        <source>a sine</source>
        <translation>正弦</translation>
    </message>
    <message>
        <source>leaky ReLU, typed</source>
        <translation>Leaky ReLU，手写</translation>
    </message>
    <message>
        <source>SiLU, typed</source>
        <translation>SiLU，手写</translation>
    </message>
    <message>
        <source>Custom activation formula</source>
        <translation>自定义激活函数公式</translation>
    </message>
    <message>
        <source>a formula in x, e.g. x*tanh(softplus(x))</source>
        <translation>关于 x 的公式，例如 x*tanh(softplus(x))</translation>
    </message>
    <message>
        <source>Numbers, x, pi, e, + − * / ** and parentheses; functions {functions}; comparisons &lt;, &lt;=, &gt;, &gt;= inside where(cond, a, b).</source>
        <translation>可用数值、x、pi、e、+ − * / ** 和括号；函数 {functions}；比较 &lt;, &lt;=, &gt;, &gt;= 只能写在 where(条件, a, b) 的条件里。</translation>
    </message>
    <message>
        <source>Recent formulas and examples: click to edit, double-click to use.</source>
        <translation>最近的公式和示例：单击编辑，双击使用。</translation>
    </message>
    <message>
        <source>Use formula</source>
        <translation>使用公式</translation>
    </message>
    <message>
        <source>Recent and examples:</source>
        <translation>最近的公式和示例：</translation>
    </message>
    <message>
        <source>✓ reads: f(0) = {f0}, f'(0) = {slope}</source>
        <translation>✓ 解析成功：f(0) = {f0}，f'(0) = {slope}</translation>
    </message>
    <message>
        <source> (left of 0: {slope})</source>
        <translation>（0 左侧：{slope}）</translation>
    </message>
    <message>
        <source>; not finite at {bad} of {points} points on ±{range} (NaN/inf markers)</source>
        <translation>；±{range} 上的 {points} 个点中有 {bad} 个不是有限值（标记为 NaN/inf）</translation>
    </message>
</context>
<context>
    <name>GradientPlot</name>
    <message>
        <source>Gradients per layer</source>
        <translation>各层梯度</translation>
    </message>
    <message>
        <source>gradient size</source>
        <translation>梯度大小</translation>
    </message>
    <message>
        <source>The lesson's healthy range for gradients: {band}</source>
        <translation>本课中梯度的健康范围：{band}</translation>
    </message>
    <message>
        <source>fp16 smallest normal {tiny}</source>
        <translation>fp16 最小正规数 {tiny}</translation>
    </message>
    <message>
        <source>fp16 max {max}</source>
        <translation>fp16 最大值 {max}</translation>
    </message>
    <message>
        <source>fp16 smallest subnormal {smallest} (0 below {zero})</source>
        <translation>fp16 最小次正规数 {smallest}（低于 {zero} 为 0）</translation>
    </message>
    <message>
        <source>theory</source>
        <translation>理论</translation>
    </message>
    <message>
        <source>healthy {band}</source>
        <translation>健康 {band}</translation>
    </message>
    <message>
        <source>Layer shown in the histogram (click another layer)</source>
        <translation>直方图显示的层（点击另一层可切换）</translation>
    </message>
    <message>
        <source>Per-layer size of the gradient. Vanishing: the curve falls towards layer 1. Exploding: it rises. Click a layer to see its gradient histogram.</source>
        <translation>梯度的逐层大小。梯度消失：曲线朝第 1 层下降；梯度爆炸：曲线上升。点击某一层可查看其梯度直方图。</translation>
    </message>
</context>
<context>
    <name>HeatmapPlot</name>
    <message>
        <source>Gradient history</source>
        <translation>梯度历史</translation>
    </message>
    <message>
        <source>steps ago</source>
        <translation>步之前</translation>
    </message>
    <message>
        <source>layer t</source>
        <translation>层 t</translation>
    </message>
    <message>
        <source>Each column is one step, newest on the right; each row a layer. A dark band at the bottom means the bottom layers' gradients vanished. Grey: exactly 0 (underflow), vermilion: ±inf (overflow), blank: NaN.</source>
        <translation>每一列是一步，最新的在右侧；每一行是一层。底部出现深色带，说明底部各层的梯度消失了。灰色：恰好为 0（下溢），朱红色：±inf（溢出），空白：NaN。</translation>
    </message>
    <message>
        <source>exactly 0</source>
        <translation>恰好为 0</translation>
    </message>
</context>
<context>
    <name>HistogramPlot</name>
    <message>
        <source>log₁₀ |∂ℓ/∂W entry|</source>
        <translation>log₁₀ |∂ℓ/∂W 元素|</translation>
    </message>
    <message>
        <source>entries (sampled)</source>
        <translation>元素个数（抽样）</translation>
    </message>
    <message>
        <source>fp16 normal min</source>
        <translation>fp16 最小正规数</translation>
    </message>
    <message>
        <source>Distribution of one layer's weight-gradient entries (up to 4096 sampled). Click a layer in the gradient plot to choose it.</source>
        <translation>某一层权重梯度元素的分布（最多抽样 4096 个）。在梯度图中点击某一层即可选择。</translation>
    </message>
    <message>
        <source>∂ℓ/∂W of layer {layer}</source>
        <translation>第 {layer} 层的 ∂ℓ/∂W</translation>
    </message>
    <message>
        <source>{percent}% exactly 0</source>
        <translation>{percent}% 恰好为 0</translation>
    </message>
    <message>
        <source>{percent}% inf/NaN</source>
        <translation>{percent}% 为 inf/NaN</translation>
    </message>
</context>
<context>
    <name>Hover</name>
    <message>
        <source>0 exactly</source>
        <translation>恰好为 0</translation>
    </message>
    <message>
        <source>layer {layer} of {total}
RMS ∂ℓ/∂h  {rms}   theory {rms_theory}
‖∂ℓ/∂W‖  {norm}</source>
        <translation>第 {layer} 层（共 {total} 层）
RMS ∂ℓ/∂h  {rms}   理论 {rms_theory}
‖∂ℓ/∂W‖  {norm}</translation>
    </message>
    <message>
        <source>layer {layer} of {total}
Var[hᵗ]  {var}   theory {var_theory}
mean hᵗ  {mean}   theory {mean_theory}</source>
        <translation>第 {layer} 层（共 {total} 层）
Var[hᵗ]  {var}   理论 {var_theory}
hᵗ 均值  {mean}   理论 {mean_theory}</translation>
    </message>
</context>
<context>
    <name>Inits</name>
    <message>
        <source>{dist};  {var} = {g},  n_in·{var} = {forward} (forward), n_out·{var} = {backward} (backward) for n_in = {n_in}, n_out = {n_out}</source>
        <translation>{dist}；  {var} = {g}，  n_in·{var} = {forward}（正向），n_out·{var} = {backward}（反向），其中 n_in = {n_in}，n_out = {n_out}</translation>
    </message>
    <message>
        <source>He normal</source>
        <translation>He 正态</translation>
    </message>
    <message>
        <source>γ = 2/n cancels ReLU's halving (He et al., 2015).</source>
        <translation>γ = 2/n 抵消 ReLU 的减半（He et al., 2015）。</translation>
    </message>
    <message>
        <source>He uniform</source>
        <translation>He 均匀</translation>
    </message>
    <message>
        <source>Same variance as He normal, uniform shape.</source>
        <translation>方差与 He 正态相同，分布为均匀形状。</translation>
    </message>
    <message>
        <source>He normal (fan-out)</source>
        <translation>He 正态（fan-out）</translation>
    </message>
    <message>
        <source>torch's mode='fan_out': n_out·γ = 2 keeps ReLU's backward variance instead.</source>
        <translation>torch 的 mode='fan_out'：n_out·γ = 2，改为保持 ReLU 的反向方差。</translation>
    </message>
    <message>
        <source>Xavier normal</source>
        <translation>Xavier 正态</translation>
    </message>
    <message>
        <source>γ(n_in + n_out)/2 = 1: the lesson's compromise between forward and backward.</source>
        <translation>γ(n_in + n_out)/2 = 1：课程中正向与反向之间的折中。</translation>
    </message>
    <message>
        <source>Xavier uniform</source>
        <translation>Xavier 均匀</translation>
    </message>
    <message>
        <source>U[−a, a] has variance a²/3, so a = √(6/(n_in + n_out)).</source>
        <translation>U[−a, a] 的方差为 a²/3，因此 a = √(6/(n_in + n_out))。</translation>
    </message>
    <message>
        <source>LeCun normal</source>
        <translation>LeCun 正态</translation>
    </message>
    <message>
        <source>n_in·γ = 1: keeps the forward variance of a linear layer.</source>
        <translation>n_in·γ = 1：保持线性层的正向方差。</translation>
    </message>
    <message>
        <source>LeCun normal (fan-out)</source>
        <translation>LeCun 正态（fan-out）</translation>
    </message>
    <message>
        <source>n_out·γ = 1: keeps the backward variance of a linear layer.</source>
        <translation>n_out·γ = 1：保持线性层的反向方差。</translation>
    </message>
    <message>
        <source>orthogonal</source>
        <translation>正交</translation>
    </message>
    <message>
        <source>Q from QR(N(0,1)), scaled to γ = 1/n</source>
        <translation>QR(N(0,1)) 的 Q，缩放到 γ = 1/n</translation>
    </message>
    <message>
        <source>Preserves every vector's norm exactly in a linear network.</source>
        <translation>在线性网络中精确保持每个向量的范数。</translation>
    </message>
    <message>
        <source>torch default</source>
        <translation>torch 默认</translation>
    </message>
    <message>
        <source>nn.Linear's default: γ = 1/(3n), Glorot &amp; Bengio's 'standard' init.</source>
        <translation>nn.Linear 的默认值：γ = 1/(3n)，即 Glorot 与 Bengio 所说的“标准”初始化。</translation>
    </message>
    <message>
        <source>The lesson's N(0, 0.01): fine for a small net, vanishes in a deep one.</source>
        <translation>课程中的 N(0, 0.01)：小网络没问题，深网络中会消失。</translation>
    </message>
    <message>
        <source>n·γ = n ≫ 1: every layer multiplies the scale by about √n.</source>
        <translation>n·γ = n ≫ 1：每一层把尺度放大约 √n 倍。</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>1 · Gradients are products</source>
        <translation>1 · 梯度是乘积</translation>
    </message>
    <message>
        <source>∂ℓ/∂h at layer t is a product of the d − t Jacobians above it, ∏ diag(σ′(Wⁱhⁱ⁻¹)) Wⁱ. A factor that repeats per layer is a straight line on the gradient plot's log axis: in the vanishing scenario the RMS of ∂ℓ/∂h falls ≈4× per layer.</source>
        <translation>第 t 层的 ∂ℓ/∂h 是它上方 d − t 个雅可比矩阵的乘积：∏ diag(σ′(Wⁱhⁱ⁻¹)) Wⁱ。每层重复出现的因子在梯度图的对数轴上是一条直线：在梯度消失场景中，∂ℓ/∂h 的 RMS 每层下降 ≈4×。</translation>
    </message>
    <message>
        <source>2 · Explosion (ReLU)</source>
        <translation>2 · 梯度爆炸（ReLU）</translation>
    </message>
    <message>
        <source>σ′ is 0 or 1, so the product is one of weight matrices. With N(0, 1) weights every layer multiplies the variance by n/2 = 128: the curves leave the shaded healthy band [1e-6, 1e3] within a few layers; in fp16 (max 65504) they overflow to inf, then NaN (markers at the top instead of points).</source>
        <translation>σ′ 为 0 或 1，所以乘积就是权重矩阵的乘积。用 N(0, 1) 权重时，每一层都把方差乘以 n/2 = 128：几层之内曲线就离开阴影标出的健康区间 [1e-6, 1e3]；在 fp16 中（最大值 65504）它们溢出为 inf，然后变成 NaN（顶部以标记代替数据点）。</translation>
    </message>
    <message>
        <source>3 · Vanishing (sigmoid)</source>
        <translation>3 · 梯度消失（sigmoid）</translation>
    </message>
    <message>
        <source>σ′ ≤ ¼, so the product has d − t small factors: the bottom layers' gradients are tiny, and in fp16 the weight gradients of most bottom layers are exactly 0 (▼ markers).</source>
        <translation>σ′ ≤ ¼，所以乘积中有 d − t 个小因子：底部层的梯度极小，在 fp16 中大多数底部层的权重梯度恰好为 0（▼ 标记）。</translation>
    </message>
    <message>
        <source>4 · The learning rate</source>
        <translation>4 · 学习率</translation>
    </message>
    <message>
        <source>Too large and the loss diverges to inf/NaN within a few steps (the run pauses with a message); too small and the loss curve stays flat.</source>
        <translation>学习率太大，损失在几步之内就发散到 inf/NaN（运行暂停并给出消息）；太小，损失曲线一直平坦。</translation>
    </message>
    <message>
        <source>5 · Making training stable</source>
        <translation>5 · 让训练更加稳定</translation>
    </message>
    <message>
        <source>Residual connections turn the product into sums: even a 50-layer sigmoid net keeps the bottom's ∂ℓ/∂h within 10³ of the top's. Gradient clipping rescales the global norm to 1 before an update.</source>
        <translation>残差连接把乘积变成求和：即使是 50 层的 sigmoid 网络，底部的 ∂ℓ/∂h 与顶部也相差不到 10³ 倍。梯度裁剪在更新之前把全局范数缩放到 1。</translation>
    </message>
    <message>
        <source>6 · Keep every layer's variance constant</source>
        <translation>6 · 让每层的方差是一个常数</translation>
    </message>
    <message>
        <source>Forward needs n_in·γ = 1, backward n_out·γ = 1; Xavier takes the compromise γ = 2/(n_in + n_out). A small N(0, 0.01²) init shrinks the signal at every layer: fine for 2 layers, hopeless for 30.</source>
        <translation>正向需要 n_in·γ = 1，反向需要 n_out·γ = 1；Xavier 取折中 γ = 2/(n_in + n_out)。小的 N(0, 0.01²) 初始化在每一层都缩小信号：2 层没问题，30 层就毫无希望。</translation>
    </message>
    <message>
        <source>7 · ReLU halves the variance: He init</source>
        <translation>7 · ReLU 让方差减半：He 初始化</translation>
    </message>
    <message>
        <source>ReLU zeroes half its inputs, so with γ = 1/n the activations' variance halves at every layer; He's γ = 2/n keeps it level.</source>
        <translation>ReLU 把一半的输入置零，所以在 γ = 1/n 下激活的方差每层减半；He 的 γ = 2/n 让它保持水平。</translation>
    </message>
    <message>
        <source>8 · Activations should look like the identity near 0</source>
        <translation>8 · 激活函数在 0 附近应当像恒等函数</translation>
    </message>
    <message>
        <source>f(0) = 0 and f′(0) = 1: tanh and ReLU (for x ≥ 0) pass, sigmoid (½ + x/4 − …) fails, 4·sigmoid(x) − 2 = x − x³/12 + … passes. The Taylor panel shows each series.</source>
        <translation>f(0) = 0 且 f′(0) = 1：tanh 和 ReLU（x ≥ 0 时）满足，sigmoid（½ + x/4 − …）不满足，4·sigmoid(x) − 2 = x − x³/12 + … 满足。泰勒面板给出每个函数的展开式。</translation>
    </message>
    <message>
        <source>Beyond the notes · every direction, not only the mean</source>
        <translation>课堂笔记之外 · 每个方向，而不只是均值</translation>
    </message>
    <message>
        <source>The singular values of J₀ = ∂hᵈ/∂x (Spectrum tab): orthogonal weights keep them together, Gaussian ones spread them over tens of decades at the same mean gain.</source>
        <translation>J₀ = ∂hᵈ/∂x 的奇异值（“奇异值谱”标签页）：正交权重让它们聚在一起；高斯权重在增益均值相同的情况下，让它们分散到几十个数量级。</translation>
    </message>
    <message>
        <source>The lesson in short</source>
        <translation>课程要点</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Load this scenario. What you should see: {see}</source>
        <translation>载入这个场景。你应该看到：{see}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Controls</source>
        <translation>控制面板</translation>
    </message>
    <message>
        <source>Taylor series around 0</source>
        <translation>在 0 处的泰勒展开</translation>
    </message>
    <message>
        <source>Sweep: phase diagram</source>
        <translation>扫描：相图</translation>
    </message>
    <message>
        <source>Click to dismiss</source>
        <translation>点击关闭</translation>
    </message>
    <message>
        <source>Scenario: {title}</source>
        <translation>场景：{title}</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Stability Lab session (*.json)</source>
        <translation>Stability Lab 会话 (*.json)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>Load a saved session (settings and display)</source>
        <translation>载入保存的会话（设置与显示）</translation>
    </message>
    <message>
        <source>&amp;Save session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the current settings as a session file</source>
        <translation>把当前设置保存为会话文件</translation>
    </message>
    <message>
        <source>&amp;Export figure…</source>
        <translation>导出图(&amp;E)…</translation>
    </message>
    <message>
        <source>Export a plot or the dashboard as PNG, SVG or PDF for slides</source>
        <translation>把一幅图或整个仪表盘导出为 PNG、SVG 或 PDF，用于幻灯片</translation>
    </message>
    <message>
        <source>&amp;Copy figure to clipboard</source>
        <translation>复制图到剪贴板(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the plot under the mouse (else the dashboard) as an image</source>
        <translation>把鼠标所在的图（否则为整个仪表盘）复制为图片</translation>
    </message>
    <message>
        <source>Export &amp;data…</source>
        <translation>导出数据(&amp;D)…</translation>
    </message>
    <message>
        <source>Write the per-layer table (CSV) or table and histories (JSON)</source>
        <translation>写出逐层数据表（CSV），或数据表与历史记录（JSON）</translation>
    </message>
    <message>
        <source>Export &amp;animation…</source>
        <translation>导出动画(&amp;A)…</translation>
    </message>
    <message>
        <source>Write a plot moving over the training steps or a depth ramp (GIF, or MP4 with ffmpeg)</source>
        <translation>写出一幅随训练步数或深度渐增而变化的动画（GIF；有 ffmpeg 时也可为 MP4）</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close the lab</source>
        <translation>关闭实验室</translation>
    </message>
    <message>
        <source>Run / pause</source>
        <translation>运行 / 暂停</translation>
    </message>
    <message>
        <source>Run or pause the engine</source>
        <translation>运行或暂停计算引擎</translation>
    </message>
    <message>
        <source>Single step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>One step while paused</source>
        <translation>暂停时前进一步</translation>
    </message>
    <message>
        <source>Reseed</source>
        <translation>换随机种子</translation>
    </message>
    <message>
        <source>New random weights (seed + 1)</source>
        <translation>新的随机权重（种子 + 1）</translation>
    </message>
    <message>
        <source>Toggle fp16</source>
        <translation>切换 fp16</translation>
    </message>
    <message>
        <source>Switch between fp16 and fp32 (the fp16 check box)</source>
        <translation>在 fp16 与 fp32 之间切换（即 fp16 复选框）</translation>
    </message>
    <message>
        <source>Next scenario</source>
        <translation>下一个场景</translation>
    </message>
    <message>
        <source>Apply the next lesson scenario</source>
        <translation>应用课程的下一个场景</translation>
    </message>
    <message>
        <source>Previous scenario</source>
        <translation>上一个场景</translation>
    </message>
    <message>
        <source>Apply the previous lesson scenario</source>
        <translation>应用课程的上一个场景</translation>
    </message>
    <message>
        <source>Pin this run</source>
        <translation>固定当前运行</translation>
    </message>
    <message>
        <source>Keep this run's curves as labelled ghost lines while settings change (up to 6)</source>
        <translation>更改设置时，把本次运行的曲线保留为带标签的淡色参考线（最多 6 条）</translation>
    </message>
    <message>
        <source>Clear pins</source>
        <translation>清除全部固定</translation>
    </message>
    <message>
        <source>Remove every pinned run</source>
        <translation>移除所有固定的运行</translation>
    </message>
    <message>
        <source>Reset settings to defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <source>Back to the healthy default: ReLU, He normal, depth 30</source>
        <translation>回到健康的默认设置：ReLU、He 正态、深度 30</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <source>Switch between light and dark plots</source>
        <translation>在浅色与深色绘图之间切换</translation>
    </message>
    <message>
        <source>Side by side (A | B)</source>
        <translation>并排对比（A | B）</translation>
    </message>
    <message>
        <source>The live run and a pinned one side by side, on locked axes</source>
        <translation>实时运行与一个固定的运行并排显示，坐标轴锁定</translation>
    </message>
    <message>
        <source>Presentation mode</source>
        <translation>演示模式</translation>
    </message>
    <message>
        <source>Full screen for a room: two large plots, a compact bar, N / Shift+N tour; Esc leaves</source>
        <translation>面向教室的全屏：两幅大图、一条紧凑工具栏，N / Shift+N 依次切换场景；Esc 退出</translation>
    </message>
    <message>
        <source>Show or hide the settings panel</source>
        <translation>显示或隐藏设置面板</translation>
    </message>
    <message>
        <source>Show or hide the Taylor panel</source>
        <translation>显示或隐藏泰勒面板</translation>
    </message>
    <message>
        <source>Show or hide the phase-diagram sweep</source>
        <translation>显示或隐藏相图扫描</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程要点</translation>
    </message>
    <message>
        <source>The lesson in short, each point with the scenarios that show it</source>
        <translation>课程内容简述，每一点附有演示它的场景</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>This list of keys</source>
        <translation>本快捷键列表</translation>
    </message>
    <message>
        <source>About Stability Lab</source>
        <translation>关于 Stability Lab</translation>
    </message>
    <message>
        <source>What the lab shows, and why</source>
        <translation>本实验室展示什么，以及为什么</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Cannot open session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <source>Opened session {path}</source>
        <translation>已打开会话 {path}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Cannot save session</source>
        <translation>无法保存会话</translation>
    </message>
    <message>
        <source>Saved session {path}</source>
        <translation>已保存会话 {path}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Stability Lab&lt;/b&gt;&lt;br&gt;Watch gradients vanish and explode in a deep MLP, and see why initialisation, activation, precision and stabilisers decide it.&lt;br&gt;&lt;br&gt;Gradients are products: ∂ℓ/∂W&lt;sup&gt;t&lt;/sup&gt; = ∂ℓ/∂h&lt;sup&gt;d&lt;/sup&gt; · ∏ ∂h&lt;sup&gt;i+1&lt;/sup&gt;/∂h&lt;sup&gt;i&lt;/sup&gt; · ∂h&lt;sup&gt;t&lt;/sup&gt;/∂W&lt;sup&gt;t&lt;/sup&gt;. Keep every layer's variance constant: n·γ = 1.</source>
        <translation>&lt;b&gt;Stability Lab&lt;/b&gt;&lt;br&gt;在深层多层感知机中观察梯度如何消失与爆炸，并看清为什么初始化、激活函数、精度和稳定手段决定了这一切。&lt;br&gt;&lt;br&gt;梯度是乘积：∂ℓ/∂W&lt;sup&gt;t&lt;/sup&gt; = ∂ℓ/∂h&lt;sup&gt;d&lt;/sup&gt; · ∏ ∂h&lt;sup&gt;i+1&lt;/sup&gt;/∂h&lt;sup&gt;i&lt;/sup&gt; · ∂h&lt;sup&gt;t&lt;/sup&gt;/∂W&lt;sup&gt;t&lt;/sup&gt;。让每一层的方差保持不变：n·γ = 1。</translation>
    </message>
</context>
<context>
    <name>PhasePlane</name>
    <message>
        <source>{v}: {f}: {why}</source>
        <translation>{v}：{f}：{why}</translation>
    </message>
    <message>
        <source>the phase plane is for a net of one width: drop --widths</source>
        <translation>相平面只适用于单一宽度的网络：请去掉 --widths</translation>
    </message>
    <message>
        <source>the phase plane is for a plain MLP (no residual, no norm)</source>
        <translation>相平面只适用于普通的多层感知机（无残差连接，无归一化）</translation>
    </message>
    <message>
        <source>give at least one value</source>
        <translation>请至少给出一个值</translation>
    </message>
    <message>
        <source>a value is listed twice</source>
        <translation>有一个值列出了两次</translation>
    </message>
    <message>
        <source>{value} is not a variance {kind}</source>
        <translation>{value} 不是 {kind} 的方差</translation>
    </message>
    <message>
        <source>χ₁ = 1 (order | chaos)</source>
        <translation>χ₁ = 1（有序 | 混沌）</translation>
    </message>
</context>
<context>
    <name>PhasePlot</name>
    <message>
        <source>σ_b² = bias std²</source>
        <translation>σ_b² = 偏置标准差²</translation>
    </message>
    <message>
        <source>log₁₀ RMS ∂ℓ/∂h bottom ÷ top</source>
        <translation>log₁₀ RMS ∂ℓ/∂h 底层 ÷ 顶层</translation>
    </message>
    <message>
        <source>Each cell: the current activation and depth at that σ_w² and σ_b², measured. Click a cell to load its settings.</source>
        <translation>每个格子：当前激活函数和深度在该 σ_w² 与 σ_b² 下的测量结果。点击格子即可载入它的设置。</translation>
    </message>
    <message>
        <source>χ₁ = 1: order | chaos (mean field)</source>
        <translation>χ₁ = 1：有序 | 混沌（平均场）</translation>
    </message>
    <message>
        <source>current settings</source>
        <translation>当前设置</translation>
    </message>
    <message>
        <source>Phase plane: where is a deep net ordered, chaotic, critical?</source>
        <translation>相平面：深度网络何处有序、何处混沌、何处临界？</translation>
    </message>
    <message>
        <source>depth scale |ξ| = 3, 10, 30 (dashed)</source>
        <translation>深度尺度 |ξ| = 3, 10, 30（虚线）</translation>
    </message>
    <message>
        <source>Phase plane: {act}, depth {d}</source>
        <translation>相平面：{act}，深度 {d}</translation>
    </message>
</context>
<context>
    <name>PinList</name>
    <message>
        <source>Pinned runs (up to {count})</source>
        <translation>固定的运行（最多 {count} 个）</translation>
    </message>
    <message>
        <source>Runs kept as ghost lines in the gradient, activation and spectrum plots. Double-click (or F2) to rename; Delete removes the selected pin.</source>
        <translation>在梯度、激活和谱图中保留为淡色参考线的运行。双击（或按 F2）重命名；按 Delete 移除选中的固定运行。</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename the selected pin (or double-click it)</source>
        <translation>重命名选中的固定运行（或双击它）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected pin (Delete)</source>
        <translation>移除选中的固定运行（Delete）</translation>
    </message>
    <message>
        <source>Clear all</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <source>Remove every pin</source>
        <translation>移除所有固定运行</translation>
    </message>
    <message>
        <source>{config} (step {step})</source>
        <translation>{config}（第 {step} 步）</translation>
    </message>
</context>
<context>
    <name>Pins</name>
    <message>
        <source>At most {count} pins: remove one first (the Pinned runs list, or Run → Clear pins)</source>
        <translation>最多固定 {count} 个运行：请先移除一个（在“固定的运行”列表中，或用 运行 → 清除全部固定）</translation>
    </message>
    <message>
        <source>Pin not renamed: {reason}</source>
        <translation>固定运行未重命名：{reason}</translation>
    </message>
    <message>
        <source>pinned: </source>
        <translation>固定：</translation>
    </message>
    <message>
        <source>Nothing to pin yet: wait for the first frame</source>
        <translation>还没有可固定的运行：请等待第一帧</translation>
    </message>
    <message>
        <source>Pinned “{label}”: its curves stay while you change settings (rename or remove it in the Pinned runs list)</source>
        <translation>已固定“{label}”：更改设置时它的曲线会保留（可在“固定的运行”列表中重命名或移除）</translation>
    </message>
    <message>
        <source>Removed {count} pin(s)</source>
        <translation>已移除 {count} 个固定运行</translation>
    </message>
    <message>
        <source>No pins</source>
        <translation>没有固定的运行</translation>
    </message>
</context>
<context>
    <name>PlotBase</name>
    <message>
        <source>exactly 0 (underflow)</source>
        <translation>恰好为 0（下溢）</translation>
    </message>
    <message>
        <source>±inf (overflow)</source>
        <translation>±inf（溢出）</translation>
    </message>
    <message>
        <source>layer {layer} (histogram)</source>
        <translation>第 {layer} 层（直方图）</translation>
    </message>
    <message>
        <source>layer t  (1 = next to the input)</source>
        <translation>层 t（1 = 紧邻输入）</translation>
    </message>
</context>
<context>
    <name>PlotMenu</name>
    <message>
        <source>Export figure…</source>
        <translation>导出图形…</translation>
    </message>
    <message>
        <source>View all</source>
        <translation>显示全部</translation>
    </message>
</context>
<context>
    <name>Presentation</name>
    <message>
        <source>N / Shift+N: next / previous scenario · Space: run / pause · Esc or F11: leave</source>
        <translation>N / Shift+N：下一个 / 上一个场景 · Space：运行 / 暂停 · Esc 或 F11：退出</translation>
    </message>
    <message>
        <source>Stability Lab — presentation</source>
        <translation>Stability Lab — 演示模式</translation>
    </message>
    <message>
        <source>The lesson's scenarios (N: next, Shift+N: previous)</source>
        <translation>课程中的场景（N：下一个，Shift+N：上一个）</translation>
    </message>
    <message>
        <source>Previous scenario (Shift+N)</source>
        <translation>上一个场景（Shift+N）</translation>
    </message>
    <message>
        <source>Next scenario (N)</source>
        <translation>下一个场景（N）</translation>
    </message>
    <message>
        <source>Half precision (F in the main window)</source>
        <translation>半精度（主窗口中按 F）</translation>
    </message>
    <message>
        <source>Run or pause the engine (Space)</source>
        <translation>运行或暂停引擎（Space）</translation>
    </message>
    <message>
        <source>✕ Leave</source>
        <translation>✕ 退出</translation>
    </message>
    <message>
        <source>Back to the lab window (Esc or F11)</source>
        <translation>回到实验室窗口（Esc 或 F11）</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>场景</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>— scenario —</source>
        <translation>— 场景 —</translation>
    </message>
    <message>
        <source>{setting}: {reason}</source>
        <translation>{setting}：{reason}</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>He + ReLU (healthy)</source>
        <translation>He + ReLU（健康）</translation>
    </message>
    <message>
        <source>The gradient ∂ℓ/∂h stays level from the top layer to the bottom, and the activation variance stays within a small factor of the theory line (one finite-width network drifts a little; widen it and the drift shrinks): γ = 2/n cancels ReLU's halving. Compare Xavier + ReLU, which loses a factor of 2 at every layer.</source>
        <translation>梯度 ∂ℓ/∂h 从顶部层到底部层保持水平，激活的方差与理论线只差一个小倍数（单个有限宽度的网络会略有漂移；加大宽度，漂移就会缩小）：γ = 2/n 抵消了 ReLU 带来的减半。对比 Xavier + ReLU：它在每一层都损失 2 倍。</translation>
    </message>
    <message>
        <source>Vanishing: sigmoid, deep</source>
        <translation>梯度消失：sigmoid，深层网络</translation>
    </message>
    <message>
        <source>The variance of ∂ℓ/∂h falls ≈18× per layer towards the bottom (its RMS ≈4×): σ' ≤ ¼, and over the spread of the pre-activations σ'² averages 0.056, a little below σ'(0)² = 1/16. After 30 layers the bottom's RMS gradient is ≈6e-19 of the top's: only the top layers could learn.</source>
        <translation>∂ℓ/∂h 的方差向底部每层下降 ≈18×（其 RMS 每层 ≈4×）：σ' ≤ ¼，而在预激活值的分布范围内 σ'² 的平均值为 0.056，略低于 σ'(0)² = 1/16。经过 30 层后，底部的 RMS 梯度只有顶部的 ≈6e-19：只有顶部层能够学习。</translation>
    </message>
    <message>
        <source>Exploding: ReLU with N(0, 1)</source>
        <translation>梯度爆炸：ReLU，N(0, 1)</translation>
    </message>
    <message>
        <source>With Var[w] = 1 every layer multiplies the variance of the activations and of ∂ℓ/∂h by n/2 = 128 (their magnitudes by ≈11×). They leave the healthy band within a few layers; in fp16 (the 'fp16 overflow' scenario) they become inf.</source>
        <translation>当 Var[w] = 1 时，每一层都把激活和 ∂ℓ/∂h 的方差乘以 n/2 = 128（幅值乘以 ≈11×）。几层之内它们就离开健康区间；在 fp16 下（见“fp16 溢出”场景）它们变成 inf。</translation>
    </message>
    <message>
        <source>Small init N(0, 0.01²), deep</source>
        <translation>小初始化 N(0, 0.01²)，深层网络</translation>
    </message>
    <message>
        <source>n·γ = 0.0256 shrinks the activations' variance ≈39× per layer, so the signal vanishes within a few layers and the bottom's gradients are tiny. Fine for a 2-layer net, hopeless for a deep one.</source>
        <translation>n·γ = 0.0256 使激活的方差每层缩小 ≈39×，信号在几层之内就消失了，底部的梯度极小。对 2 层网络没问题，对深层网络则毫无希望。</translation>
    </message>
    <message>
        <source>Xavier + tanh</source>
        <translation>Xavier + tanh</translation>
    </message>
    <message>
        <source>Compared with the old init U[±1/√n] (torch default), whose ∂ℓ/∂h variance falls to ≈1e-14 of the top's over 30 layers, Xavier keeps it nearly level: it still falls ≈20× over 30 layers, but in proportion to depth (a power law, ≈70× over 100 layers), not exponentially. tanh saturates a little more with every layer, so the activations' variance falls like 1/t too (≈25× over 30 layers), as the mean-field line predicts.</source>
        <translation>旧的初始化 U[±1/√n]（torch 默认）经过 30 层后，∂ℓ/∂h 的方差降到顶部的 ≈1e-14；相比之下，Xavier 让它几乎保持水平：30 层内仍下降 ≈20×，但只与深度成比例（幂律，100 层内 ≈70×），而不是指数下降。tanh 每多一层就更饱和一点，所以激活的方差也像 1/t 一样下降（30 层内 ≈25×），与平均场曲线的预测一致。</translation>
    </message>
    <message>
        <source>Xavier + ReLU (halving)</source>
        <translation>Xavier + ReLU（方差减半）</translation>
    </message>
    <message>
        <source>ReLU zeroes half its inputs, so with γ = 1/n the activations' variance halves at every layer: a straight downward line on the log axis, 2⁻²⁹ ≈ 2e-9 of the first layer's after 30 layers on the theory line (this finite network drifts above it by ≈×2). He init's γ = 2/n fixes exactly this.</source>
        <translation>ReLU 把一半的输入置零，所以在 γ = 1/n 下激活的方差每层减半：对数轴上一条向下的直线，按理论线，30 层后只剩第一层的 2⁻²⁹ ≈ 2e-9（这个有限网络向上偏离理论线约 ≈×2）。He 初始化的 γ = 2/n 正好修正了这一点。</translation>
    </message>
    <message>
        <source>Xavier's compromise: alternating widths</source>
        <translation>Xavier 的折中：交替的宽度</translation>
    </message>
    <message>
        <source>Widths alternate 256, 1024, 256, …, so n_in·γ = 1 (forward) and n_out·γ = 1 (backward) cannot both hold. Xavier's γ = 2/(n_in + n_out) multiplies both variances by 0.4 or 1.6 per layer instead of 0.25 or 4, but 0.4 · 1.6 = 0.64: both lines drift down ≈0.8× per layer. Switch to LeCun normal (γ = 1/n_in) and the activations stay level while ∂ℓ/∂h zig-zags ×4; LeCun fan-out (γ = 1/n_out) keeps ∂ℓ/∂h level instead.</source>
        <translation>宽度交替为 256, 1024, 256, …，所以 n_in·γ = 1（正向）和 n_out·γ = 1（反向）无法同时成立。Xavier 的 γ = 2/(n_in + n_out) 让两个方差每层乘以 0.4 或 1.6，而不是 0.25 或 4，但 0.4 · 1.6 = 0.64：两条线都以每层 ≈0.8× 向下漂移。换成 LeCun 正态（γ = 1/n_in），激活保持水平，而 ∂ℓ/∂h 以 ×4 锯齿状起伏；换成 LeCun fan-out（γ = 1/n_out）则反过来让 ∂ℓ/∂h 保持水平。</translation>
    </message>
    <message>
        <source>fp16 underflow: sigmoid, depth 50</source>
        <translation>fp16 下溢：sigmoid，深度 50</translation>
    </message>
    <message>
        <source>In fp16 values below 6.1e-5 become subnormal and lose precision; only below ≈3e-8 (half the smallest subnormal, 6e-8: the dotted line) do they flush to 0. Here ∂ℓ/∂h falls ≈18× per layer, so the weight gradients of the bottom ≈40 of 50 layers are exactly zero (light-blue ▼ markers); in fp32 the same network's are tiny but non-zero.</source>
        <translation>在 fp16 中，低于 6.1e-5 的值成为次正规数并损失精度；只有低于 ≈3e-8（最小次正规数 6e-8 的一半：虚线）时才会直接变成 0。这里 ∂ℓ/∂h 每层下降 ≈18×，所以 50 层中底部 ≈40 层的权重梯度恰好为零（浅蓝色 ▼ 标记）；在 fp32 中，同一网络的这些梯度极小但不为零。</translation>
    </message>
    <message>
        <source>fp16 overflow: ReLU with N(0, 1)</source>
        <translation>fp16 溢出：ReLU，N(0, 1)</translation>
    </message>
    <message>
        <source>Activations pass fp16's maximum 65504 from layer 4 and are all inf or NaN (∞ − ∞) by layer 6, so the loss is NaN and every weight gradient ∂ℓ/∂W is inf or NaN (markers instead of points). ∂ℓ/∂h starts at g/B at the top and stays finite in the top 5 layers before it too overflows; fp32 still represents all of these values.</source>
        <translation>激活从第 4 层起超过 fp16 的最大值 65504，到第 6 层已全部是 inf 或 NaN（∞ − ∞），所以损失为 NaN，每个权重梯度 ∂ℓ/∂W 都是 inf 或 NaN（以标记代替数据点）。∂ℓ/∂h 在顶部从 g/B 开始，在顶部 5 层保持有限，随后也溢出；fp32 仍能表示所有这些值。</translation>
    </message>
    <message>
        <source>Residual rescue: sigmoid, depth 50</source>
        <translation>残差连接救场：sigmoid，深度 50</translation>
    </message>
    <message>
        <source>h^t = h^(t−1) + f(W h^(t−1)) turns the product of Jacobians into sums: the bottom layers' ∂ℓ/∂h stays within 10³ of the top even with sigmoid. Switch residual off to watch the same network vanish.</source>
        <translation>h^t = h^(t−1) + f(W h^(t−1)) 把雅可比矩阵的乘积变成了求和：即使用 sigmoid，底部层的 ∂ℓ/∂h 与顶部也相差不到 10³ 倍。关掉残差连接，就能看到同一个网络的梯度消失。</translation>
    </message>
    <message>
        <source>Gradient clipping: ReLU with N(0, 1)</source>
        <translation>梯度裁剪：ReLU，N(0, 1)</translation>
    </message>
    <message>
        <source>The raw global gradient norm is astronomically large; clipping rescales it to 1 before any update, so the weight gradients ∂ℓ/∂W land inside the healthy band. The status bar shows the norm before and after clipping.</source>
        <translation>原始的全局梯度范数大得惊人；梯度裁剪在每次更新之前把它缩放到 1，于是权重梯度 ∂ℓ/∂W 落在健康区间内。状态栏显示裁剪前后的范数。</translation>
    </message>
    <message>
        <source>sigmoid vs 4·sigmoid − 2</source>
        <translation>sigmoid 对比 4·sigmoid − 2</translation>
    </message>
    <message>
        <source>4·sigmoid(x) − 2 = x − x³/12 + … looks like the identity near 0, so with Xavier the RMS of ∂ℓ/∂h falls only ≈3× over 30 layers (a slow power law, as with tanh), where plain sigmoid's falls to ≈1e-18 of the top's. Compare with the 'Vanishing' preset and the Taylor panel.</source>
        <translation>4·sigmoid(x) − 2 = x − x³/12 + … 在 0 附近像恒等函数，所以配合 Xavier，∂ℓ/∂h 的 RMS 在 30 层内只下降 ≈3×（和 tanh 一样是缓慢的幂律），而普通 sigmoid 的则降到顶部的 ≈1e-18。可与“梯度消失”场景和泰勒面板对比。</translation>
    </message>
    <message>
        <source>Learning rate too high</source>
        <translation>学习率过大</translation>
    </message>
    <message>
        <source>With lr = 5 the first update is already a large part of the weights themselves: its update:data ratio lies between 0.2 and 0.8 (10⁻⁰·⁷ … 10⁻⁰·¹), far above the healthy 10⁻³, and the second step's is larger still. The loss jumps and diverges to inf/NaN within 3 steps, and the run pauses with a message (the ratio plot keeps the last finite step's).</source>
        <translation>当 lr = 5 时，第一次更新就已占权重本身的很大一部分：它的更新量:数据比在 0.2 到 0.8 之间（10⁻⁰·⁷ … 10⁻⁰·¹），远高于健康的 10⁻³，第二步的还要更大。损失跳升，在 3 步之内发散到 inf/NaN，运行随之暂停并给出消息（比值图保留最后一个有限步的比值）。</translation>
    </message>
    <message>
        <source>Learning rate too low</source>
        <translation>学习率过小</translation>
    </message>
    <message>
        <source>With lr = 1e-5 the update:data ratio sits near 10⁻⁶, three orders below the healthy 10⁻³: the loss curve is flat. Nothing is broken, the network simply barely moves.</source>
        <translation>当 lr = 1e-5 时，更新量:数据比在 10⁻⁶ 附近，比健康的 10⁻³ 低三个数量级：损失曲线是平的。什么都没坏，只是网络几乎不动。</translation>
    </message>
    <message>
        <source>Training: He + ReLU, good learning rate</source>
        <translation>训练：He + ReLU，合适的学习率</translation>
    </message>
    <message>
        <source>The loss falls steadily and every layer's update:data ratio sits near the 10⁻³ line: all layers learn. Compare with a sigmoid network, where the bottom layers' ratios fall far below it.</source>
        <translation>损失稳步下降，每一层的更新量:数据比都在 10⁻³ 线附近：所有层都在学习。对比 sigmoid 网络：其底部层的比值远低于这条线。</translation>
    </message>
    <message>
        <source>Dynamical isometry: tanh, orthogonal</source>
        <translation>动力学等距：tanh，正交</translation>
    </message>
    <message>
        <source>With orthogonal weights at σ_w² = 1 and a small bias, the singular values of J_0 = ∂h^d/∂x stay within ≈3 decades of each other at depth 30 (Spectrum tab): no direction of the gradient is lost. Switch Init to Xavier normal, the same σ_w² with Gaussian weights: the spectrum spreads over more than 40 decades, so some directions all but vanish, although the mean gain, the gradient plot's line, stays the same.</source>
        <translation>使用 σ_w² = 1 的正交权重和一个小偏置时，在深度 30 处 J_0 = ∂h^d/∂x 的奇异值彼此相差不超过 ≈3 个数量级（“奇异值谱”标签页）：梯度没有丢失任何方向。把初始化切换为 Xavier 正态，即同样的 σ_w²，但权重是高斯的：谱分散到 40 多个数量级，于是有些方向几乎消失，尽管增益的均值（梯度图上的那条线）保持不变。</translation>
    </message>
    <message>
        <source>Linear: Gaussian vs orthogonal</source>
        <translation>线性网络：高斯对比正交</translation>
    </message>
    <message>
        <source>A linear net with Gaussian Xavier weights keeps the RMS gain at 1 at every depth, so the gradient plot is level, yet the singular values of J_0 spread over more than 35 decades, along the Fuss–Catalan law of products of Gaussian matrices (dashed): a few directions grow ≈7×, most shrink. Switch Init to orthogonal: every singular value is 1, to the float32 rounding of the weights (1e-5).</source>
        <translation>使用高斯 Xavier 权重的线性网络在每个深度都把 RMS 增益保持为 1，所以梯度图是水平的，但 J_0 的奇异值却分散到 35 个以上的数量级，符合高斯矩阵乘积的 Fuss–Catalan 定律（虚线）：少数方向增长 ≈7×，多数方向收缩。把初始化切换为正交：每个奇异值都是 1，误差仅为权重的 float32 舍入（1e-5）。</translation>
    </message>
</context>
<context>
    <name>RememberedSettings</name>
    <message>
        <source>The remembered settings could not be read ({reason}): they were reset, and the window starts from the defaults.</source>
        <translation>无法读取记住的设置（{reason}）：它们已被重置，窗口从默认设置启动。</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>{value} is not an integer (allowed: {allowed})</source>
        <translation>{value} 不是整数（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{value} is not a number (allowed: {allowed})</source>
        <translation>{value} 不是数字（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{value} is not finite (allowed: {allowed})</source>
        <translation>{value} 不是有限值（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{value} is out of range (allowed: {allowed})</source>
        <translation>{value} 超出范围（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{value} is too large (allowed: {allowed})</source>
        <translation>{value} 太大（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{value} is too small to be stored (allowed: {allowed})</source>
        <translation>{value} 太小，无法存储（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{value} is not a list (allowed: {allowed})</source>
        <translation>{value} 不是列表（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{value} numbers are too many (allowed: {allowed})</source>
        <translation>{value} 个数字太多（允许：{allowed}）</translation>
    </message>
    <message>
        <source>{value} is not a list of integers (allowed: {allowed})</source>
        <translation>{value} 不是整数列表（允许：{allowed}）</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>{choices}, or {other}</source>
        <translation>{choices}，或{other}</translation>
    </message>
    <message>
        <source>integers {lo}–{hi} separated by commas (at most {most}), or nothing</source>
        <translation>以逗号分隔的整数 {lo}–{hi}（最多 {most} 个），或留空</translation>
    </message>
    <message>
        <source>{range} or {off} (off)</source>
        <translation>{range} 或 {off}（关）</translation>
    </message>
    <message>
        <source>{value} is not true or false</source>
        <translation>{value} 不是 true 或 false</translation>
    </message>
    <message>
        <source>neither one of {choices} nor {other}: {why}</source>
        <translation>既不是 {choices} 之一，也不是{other}：{why}</translation>
    </message>
    <message>
        <source>{value} is not one of: {allowed}</source>
        <translation>{value} 不在以下选项中：{allowed}</translation>
    </message>
    <message>
        <source>{text}: {reason}</source>
        <translation>{text}：{reason}</translation>
    </message>
    <message>
        <source>single precision</source>
        <translation>单精度</translation>
    </message>
    <message>
        <source>IEEE half</source>
        <translation>IEEE 半精度</translation>
    </message>
    <message>
        <source>{format}: normal range {tiny} … {max}, subnormal down to {subnormal}</source>
        <translation>{format}：正规数范围 {tiny} … {max}，次正规数可低至 {subnormal}</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Number of layers d. Gradients are products of d − t Jacobians, so their size changes geometrically with depth. The slider is logarithmic; the box is exact.</source>
        <translation>层数 d。梯度是 d − t 个雅可比矩阵的乘积，所以其大小随深度呈几何级数变化。滑块按对数刻度；输入框是精确值。</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Units per layer n. Each layer multiplies the variance by n·γ; the theory is exact as n → ∞.</source>
        <translation>每层的单元数 n。每一层把方差乘以 n·γ；当 n → ∞ 时理论是精确的。</translation>
    </message>
    <message>
        <source>Widths</source>
        <translation>各层宽度</translation>
    </message>
    <message>
        <source>Layer widths n_0 (the input), n_1, …, n_d; fewer numbers than depth + 1 repeat cyclically ('256, 1024' alternates), none: every layer has Width units. Where n_in ≠ n_out, n_in·γ = 1 (forward) and n_out·γ = 1 (backward) cannot both hold.</source>
        <translation>各层宽度 n_0（输入）、n_1、…、n_d；数字少于深度 + 1 个时循环重复（'256, 1024' 即交替），留空：每层都有“宽度”个单元。当 n_in ≠ n_out 时，n_in·γ = 1（正向）与 n_out·γ = 1（反向）不能同时成立。</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批量</translation>
    </message>
    <message>
        <source>Inputs x ~ N(0, 1) per step; statistics average over the batch.</source>
        <translation>每步的输入 x ~ N(0, 1)；统计量在整个批量上取平均。</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>The activation σ in h^t = σ(W^t h^(t−1)): a name, or a formula in x such as x*tanh(softplus(x)) (`list` names what a formula may use).</source>
        <translation>h^t = σ(W^t h^(t−1)) 中的激活函数 σ：一个名字，或一个关于 x 的公式，例如 x*tanh(softplus(x))（`list` 列出公式可用的内容）。</translation>
    </message>
    <message>
        <source>a formula in x</source>
        <translation>一个关于 x 的公式</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>How W^t is drawn: Var[w] = γ; keeping n·γ = 1 keeps the variance constant.</source>
        <translation>W^t 的抽取方式：Var[w] = γ；保持 n·γ = 1 就能让方差保持不变。</translation>
    </message>
    <message>
        <source>Gain</source>
        <translation>增益</translation>
    </message>
    <message>
        <source>Multiplies the init's standard deviation, as torch's nn.init gain does: σ_w² = G²·n_in·γ, the weight variance the theory uses.</source>
        <translation>乘到初始化的标准差上，与 torch 的 nn.init 增益参数作用相同：σ_w² = G²·n_in·γ，即理论所用的权重方差。</translation>
    </message>
    <message>
        <source>Bias std</source>
        <translation>偏置标准差</translation>
    </message>
    <message>
        <source>A bias b ~ N(0, S²) per unit and layer, h = φ(W h + b): σ_b² = S² enters both theories' q. Drawn once with the weights; training leaves it as drawn.</source>
        <translation>每层每个单元一个偏置 b ~ N(0, S²)，h = φ(W h + b)：σ_b² = S² 进入两种理论的 q。与权重一起抽取一次；训练不会改变它。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精度</translation>
    </message>
    <message>
        <source>The number format the network computes in: in fp16 values below {tiny} become subnormal and lose precision, below {flush} they flush to 0, and values above {max} become inf.</source>
        <translation>网络计算所用的数值格式：在 fp16 中，小于 {tiny} 的值变为次正规数并损失精度，小于 {flush} 的值被清零，大于 {max} 的值变为 inf。</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Where the network runs (auto: the best device present). The window runs a session that names an absent device on auto, and says so.</source>
        <translation>网络在哪里运行（自动：本机最好的设备）。会话指定的设备本机没有时，窗口改用自动并予以说明。</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Theory</source>
        <translation>理论</translation>
    </message>
    <message>
        <source>The dashed theory line, from q ← σ_w²·E[h²] + σ_b² and χ = n_out·G²γ·E[φ'(√q z)²]. Linear: φ ≈ φ(0) + φ'(0)·z, so the mean φ(0) propagates and each layer scales the variance by about σ_w²·φ'(0)². Mean-field: the expectations of φ itself, exact for wide networks.</source>
        <translation>虚线所示的理论，来自 q ← σ_w²·E[h²] + σ_b² 与 χ = n_out·G²γ·E[φ'(√q z)²]。线性：φ ≈ φ(0) + φ'(0)·z，因此均值 φ(0) 逐层传播，每一层把方差约乘以 σ_w²·φ'(0)²。平均场：使用 φ 本身的期望，对宽网络是精确的。</translation>
    </message>
    <message>
        <source>mean-field (any activation)</source>
        <translation>平均场（任意激活函数）</translation>
    </message>
    <message>
        <source>linear (the lesson's §4–6)</source>
        <translation>线性（课程 §4–6）</translation>
    </message>
    <message>
        <source>Residual</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <source>Residual connections h ← h + s·f(W h): the product of Jacobians becomes a sum.</source>
        <translation>残差连接 h ← h + s·f(W h)：雅可比矩阵的乘积变成了和。</translation>
    </message>
    <message>
        <source>Branch scale</source>
        <translation>分支缩放</translation>
    </message>
    <message>
        <source>The scale s of the residual branch in h ← h + s·f(W h).</source>
        <translation>h ← h + s·f(W h) 中残差分支的缩放系数 s。</translation>
    </message>
    <message>
        <source>Normalisation</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Normalise each layer's pre-activations (no learned scale).</source>
        <translation>对每一层的激活前输入做归一化（没有可学习的缩放）。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Clip norm</source>
        <translation>裁剪范数</translation>
    </message>
    <message>
        <source>Clip the global gradient norm: g ← g·min(1, c/‖g‖); 0 = off.</source>
        <translation>裁剪全局梯度范数：g ← g·min(1, c/‖g‖)；0 = 关。</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>模式</translation>
    </message>
    <message>
        <source>Probe measures a fixed network with fresh inputs; train also updates its weights.</source>
        <translation>探测：用新输入测量一个固定的网络；训练：同时更新它的权重。</translation>
    </message>
    <message>
        <source>probe (measure only)</source>
        <translation>探测（只测量）</translation>
    </message>
    <message>
        <source>train on a task</source>
        <translation>在任务上训练</translation>
    </message>
    <message>
        <source>Task</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>What training learns: a teacher network's outputs, or three 2-D spiral classes.</source>
        <translation>训练要学的内容：教师网络的输出，或三类二维螺旋数据。</translation>
    </message>
    <message>
        <source>teacher–student regression</source>
        <translation>教师–学生回归</translation>
    </message>
    <message>
        <source>2-D spiral (3 classes)</source>
        <translation>二维螺旋（3 类）</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>How training updates the weights: W ← W − η·g (SGD) or Adam.</source>
        <translation>训练如何更新权重：W ← W − η·g（SGD）或 Adam。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>The learning rate η of the update W ← W − η·g (training only).</source>
        <translation>更新 W ← W − η·g 中的学习率 η（仅训练时）。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Random seed of the weights and inputs: the same seed gives the same run.</source>
        <translation>权重和输入的随机种子：相同的种子得到相同的运行。</translation>
    </message>
    <message>
        <source>residual connections add h^(t−1) to h^t, so every layer needs the same width (allowed with Residual: one number, or nothing)</source>
        <translation>残差连接把 h^(t−1) 加到 h^t 上，所以每层需要相同的宽度（使用残差连接时允许：一个数字，或留空）</translation>
    </message>
</context>
<context>
    <name>SpectrumNotes</name>
    <message>
        <source>theory not drawn for this config</source>
        <translation>此配置下不画理论曲线</translation>
    </message>
    <message>
        <source>no spectrum with batch norm: it mixes the batch's examples, so one input has no Jacobian of its own</source>
        <translation>批归一化下没有谱：它把一个批次的样本混在一起，单个输入没有自己的雅可比矩阵</translation>
    </message>
    <message>
        <source>the spectrum's shape has a law here for linear nets only</source>
        <translation>只有线性网络的谱形状才有理论分布律</translation>
    </message>
    <message>
        <source>the laws are for a plain linear net of one width</source>
        <translation>这些分布律只适用于单一宽度的普通线性网络</translation>
    </message>
    <message>
        <source>spectrum failed: {error}</source>
        <translation>谱计算失败：{error}</translation>
    </message>
</context>
<context>
    <name>SpectrumPlot</name>
    <message>
        <source>largest s</source>
        <translation>最大 s</translation>
    </message>
    <message>
        <source>median s</source>
        <translation>s 的中位数</translation>
    </message>
    <message>
        <source>smallest s</source>
        <translation>最小 s</translation>
    </message>
    <message>
        <source>theory: √(χ⋯χ)</source>
        <translation>理论：√(χ⋯χ)</translation>
    </message>
    <message>
        <source>smallest s = 0 exactly</source>
        <translation>最小 s 恰为 0</translation>
    </message>
    <message>
        <source>singular values</source>
        <translation>奇异值个数</translation>
    </message>
    <message>
        <source>from layer t  (0 = the input)</source>
        <translation>起始层 t（0 = 输入）</translation>
    </message>
    <message>
        <source>singular value</source>
        <translation>奇异值</translation>
    </message>
    <message>
        <source>Drag (or click a t) to choose the product J_t on the left</source>
        <translation>拖动（或点击某个 t）选择左图显示的乘积 J_t</translation>
    </message>
    <message>
        <source>Singular values of J_t = ∂h^d/∂h^t: how much the product of the layers above h^t stretches each direction. Wide: some directions vanish or explode while others do not; one line at 1: an isometry.</source>
        <translation>J_t = ∂h^d/∂h^t 的奇异值：h^t 之上各层的乘积把每个方向拉伸多少。分布很宽：有些方向消失或爆炸，另一些则不会；全在 1 处的一条线：等距映射。</translation>
    </message>
    <message>
        <source>⟳ drawn for the previous settings: measuring the new ones…</source>
        <translation>⟳ 这是之前设置的结果：正在测量新的设置…</translation>
    </message>
    <message>
        <source>{precision} smallest normal {value}</source>
        <translation>{precision} 最小正规数 {value}</translation>
    </message>
    <message>
        <source>{precision} max {value}</source>
        <translation>{precision} 最大值 {value}</translation>
    </message>
    <message>
        <source>J_{t} is measured in the next spectrum (this one has other t)</source>
        <translation>J_{t} 在下一次谱中测量（这一次测的是其他 t）</translation>
    </message>
    <message>
        <source>{percent}% exactly 0 (units switched off above h^{t})</source>
        <translation>{percent}% 恰为 0（h^{t} 之上被关闭的单元）</translation>
    </message>
    <message>
        <source>largest ÷ smallest non-zero: 10^{decades}</source>
        <translation>最大 ÷ 最小非零值：10^{decades}</translation>
    </message>
    <message>
        <source>theory: every s equal (orthogonal linear net)</source>
        <translation>理论：所有 s 相等（正交线性网络）</translation>
    </message>
    <message>
        <source>theory: Fuss–Catalan law of {factors} Gaussian factors</source>
        <translation>理论：{factors} 个高斯因子之积的 Fuss–Catalan 分布律</translation>
    </message>
    <message>
        <source>{percent}% outside {precision}'s normal range [{low}, {high}] (shaded)</source>
        <translation>{percent}% 超出 {precision} 的正规数范围 [{low}, {high}]（阴影）</translation>
    </message>
    <message>
        <source>input #{index}</source>
        <translation>输入 #{index}</translation>
    </message>
    <message>
        <source>singular values of J_{t} = {what}</source>
        <translation>J_{t} = {what} 的奇异值</translation>
    </message>
    <message>
        <source>J_t against t</source>
        <translation>J_t 随 t 的变化</translation>
    </message>
</context>
<context>
    <name>SpectrumWait</name>
    <message>
        <source>Measuring the spectrum of the product of Jacobians for these settings…</source>
        <translation>正在测量这些设置下雅可比矩阵之积的谱…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Spectrum</source>
        <translation>奇异值谱</translation>
    </message>
    <message>
        <source>Spectrum not measured yet: nothing exported</source>
        <translation>奇异值谱尚未测量：没有导出任何内容</translation>
    </message>
</context>
<context>
    <name>Splash</name>
    <message>
        <source>Loading the numerical engine (PyTorch)…</source>
        <translation>正在加载数值计算引擎（PyTorch）…</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Where the engine runs</source>
        <translation>引擎在哪里运行</translation>
    </message>
    <message>
        <source>Number format (fp16/bf16 on the CPU: rounded to the format)</source>
        <translation>数值格式（CPU 上的 fp16/bf16：舍入到该格式）</translation>
    </message>
    <message>
        <source>Engine steps per second</source>
        <translation>引擎每秒的步数</translation>
    </message>
    <message>
        <source>Frames drawn per second (newest frame only, capped)</source>
        <translation>每秒绘制的帧数（只画最新一帧，有上限）</translation>
    </message>
    <message>
        <source>Layers whose ∂ℓ/∂W is exactly 0 (underflow) / has inf or NaN (overflow)</source>
        <translation>∂ℓ/∂W 恰为 0（下溢）/ 含 inf 或 NaN（溢出）的层数</translation>
    </message>
    <message>
        <source>Global gradient norm before → after clipping</source>
        <translation>裁剪前 → 裁剪后的全局梯度范数</translation>
    </message>
    <message>
        <source>Loss of the newest step (probe: the objective ⟨g, h^d⟩)</source>
        <translation>最新一步的损失（探测：目标 ⟨g, h^d⟩）</translation>
    </message>
    <message>
        <source>{rate} frames/s</source>
        <translation>{rate} 帧/秒</translation>
    </message>
    <message>
        <source>{rate} steps/s</source>
        <translation>{rate} 步/秒</translation>
    </message>
    <message>
        <source>{precision} (emulated)</source>
        <translation>{precision}（模拟）</translation>
    </message>
    <message>
        <source>zero: {zero}/{d}  inf/NaN: {nonfinite}/{d}</source>
        <translation>零：{zero}/{d}  inf/NaN：{nonfinite}/{d}</translation>
    </message>
    <message>
        <source>loss {loss}</source>
        <translation>损失 {loss}</translation>
    </message>
    <message>
        <source>Training loss of the newest step</source>
        <translation>最新一步的训练损失</translation>
    </message>
    <message>
        <source>The probe's objective ℓ = mean over the batch of ⟨g, h^d⟩ with g ~ N(0, I): a random direction whose gradient the plots follow, not a training loss (it can be any sign and any size).</source>
        <translation>探测的目标 ℓ = ⟨g, h^d⟩ 在批量上的均值，g ~ N(0, I)：一个随机方向，图中跟踪的是它的梯度；它不是训练损失（可以取任意符号、任意大小）。</translation>
    </message>
</context>
<context>
    <name>Sweep</name>
    <message>
        <source>RMS ∂ℓ/∂h at layer 1</source>
        <translation>第 1 层的 RMS ∂ℓ/∂h</translation>
    </message>
    <message>
        <source>‖∂ℓ/∂W‖ at layer 1</source>
        <translation>第 1 层的 ‖∂ℓ/∂W‖</translation>
    </message>
    <message>
        <source>{value} is not one of: {choices}</source>
        <translation>{value} 不在可选值之中：{choices}</translation>
    </message>
    <message>
        <source>give at least one depth</source>
        <translation>请至少给出一个深度</translation>
    </message>
    <message>
        <source>{value} is out of range (allowed: 1–1000)</source>
        <translation>{value} 超出范围（允许 1–1000）</translation>
    </message>
</context>
<context>
    <name>SweepFields</name>
    <message>
        <source>depths</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>weight_vars</source>
        <translation>σ_w²</translation>
    </message>
    <message>
        <source>bias_vars</source>
        <translation>σ_b²</translation>
    </message>
    <message>
        <source>metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>over</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>values</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>widths</source>
        <translation>各层宽度</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差连接</translation>
    </message>
    <message>
        <source>gain</source>
        <translation>增益</translation>
    </message>
    <message>
        <source>bias_std</source>
        <translation>偏置标准差</translation>
    </message>
</context>
<context>
    <name>SweepPanel</name>
    <message>
        <source>depth × init</source>
        <translation>深度 × 初始化</translation>
    </message>
    <message>
        <source>depth × activation</source>
        <translation>深度 × 激活函数</translation>
    </message>
    <message>
        <source>σ_w² × σ_b² (phase plane)</source>
        <translation>σ_w² × σ_b²（相平面）</translation>
    </message>
    <message>
        <source>replaced by a newer sweep</source>
        <translation>已被更新的扫描取代</translation>
    </message>
    <message>
        <source>{text} is not a comma-separated list of numbers</source>
        <translation>{text} 不是以逗号分隔的数字列表</translation>
    </message>
    <message>
        <source>{text} is not a comma-separated list of integers</source>
        <translation>{text} 不是以逗号分隔的整数列表</translation>
    </message>
    <message>
        <source>Phase plane: the current activation and depth over a grid of weight and bias variances, with the mean-field order/chaos line χ₁ = 1; click a cell to load it</source>
        <translation>相平面：在权重方差与偏置方差的网格上测量当前激活函数和深度，并画出平均场理论的有序/混沌分界线 χ₁ = 1；点击格子即可载入</translation>
    </message>
    <message>
        <source>σ_w² = G²·n·γ values, comma-separated (each &gt; 0)</source>
        <translation>σ_w² = G²·n·γ 的取值，以逗号分隔（每个 &gt; 0）</translation>
    </message>
    <message>
        <source>σ_b² = bias std² values, comma-separated (each ≥ 0)</source>
        <translation>σ_b² = 偏置标准差² 的取值，以逗号分隔（每个 ≥ 0）</translation>
    </message>
    <message>
        <source>Depths to sweep, comma-separated (1–1000)</source>
        <translation>要扫描的深度，以逗号分隔（1–1000）</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>运行扫描</translation>
    </message>
    <message>
        <source>Measure every cell with the current width, batch, precision and stabilisers</source>
        <translation>用当前的宽度、批量、精度和稳定手段测量每个格子</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Depths</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>⚠ {field}: {reason}</source>
        <translation>⚠ {field}：{reason}</translation>
    </message>
    <message>
        <source>loaded σ_w² = {w}, σ_b² = {b}</source>
        <translation>已载入 σ_w² = {w}，σ_b² = {b}</translation>
    </message>
    <message>
        <source>running…</source>
        <translation>运行中…</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>done: {count} cells</source>
        <translation>完成：{count} 个格子</translation>
    </message>
</context>
<context>
    <name>SweepPlot</name>
    <message>
        <source>Where is the bottom layer's gradient healthy?</source>
        <translation>最底层的梯度在哪里是健康的？</translation>
    </message>
    <message>
        <source>depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Each cell: a network of that depth, measured for a few steps. ✓ = the bottom layer's gradient lies in the lesson's healthy range {band}.</source>
        <translation>每个格子：该深度的一个网络，测量几步。✓ = 最底层的梯度落在课程的健康范围 {band} 内。</translation>
    </message>
    <message>
        <source>✓ healthy (grey): the gradient at layer 1 lies in {band}; blue: it vanishes, orange: it explodes.</source>
        <translation>✓ 健康（灰色）：第 1 层的梯度落在 {band} 内；蓝色：梯度消失，橙色：梯度爆炸。</translation>
    </message>
    <message>
        <source>init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数</translation>
    </message>
</context>
<context>
    <name>Taylor</name>
    <message>
        <source>{expr} has no Taylor series around 0 (it is not smooth there: expansion gives {expansion})</source>
        <translation>{expr} 在 0 附近没有泰勒级数（它在 0 处不光滑：展开得到 {expansion}）</translation>
    </message>
    <message>
        <source>kink: the one-sided derivatives differ at order {order}</source>
        <translation>折点：单侧导数在 {order} 阶处不同</translation>
    </message>
    <message>
        <source>passes</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>passes for x ≥ 0 only</source>
        <translation>仅在 x ≥ 0 时通过</translation>
    </message>
    <message>
        <source>fails</source>
        <translation>不通过</translation>
    </message>
    <message>
        <source>f(0) = 0 and f'(0) = 1: near 0 it is the identity, so a layer keeps the gradient's variance (factor 1).</source>
        <translation>f(0) = 0 且 f'(0) = 1：在 0 附近它就是恒等映射，所以每层保持梯度的方差（因子为 1）。</translation>
    </message>
    <message>
        <source>f(0) = 0 and f'(0⁺) = 1, but f'(0⁻) = {left}: over a symmetric input a layer scales gradient variance by ({paren}² + 1²)/2 = {gain}.</source>
        <translation>f(0) = 0 且 f'(0⁺) = 1，但 f'(0⁻) = {left}：输入对称时，每层把梯度方差乘以 ({paren}² + 1²)/2 = {gain}。</translation>
    </message>
    <message>
        <source>{shift}: each layer shifts the mean and keeps the variance factor f'(0)² = 1.</source>
        <translation>{shift}：每层平移均值，方差因子保持 f'(0)² = 1。</translation>
    </message>
    <message>
        <source>{shift} and {slope}: each layer shifts the mean and multiplies gradient variance by f'(0)² = {gain}.</source>
        <translation>{shift} 且 {slope}：每层平移均值，并把梯度方差乘以 f'(0)² = {gain}。</translation>
    </message>
    <message>
        <source>{slope}: each layer multiplies gradient variance by f'(0)² = {gain}.</source>
        <translation>{slope}：每层把梯度方差乘以 f'(0)² = {gain}。</translation>
    </message>
</context>
<context>
    <name>TaylorControls</name>
    <message>
        <source>order </source>
        <translation>阶数 </translation>
    </message>
    <message>
        <source>Highest power of x in the Taylor polynomial; the shaded band is where it is within 1 % of the true function.</source>
        <translation>泰勒多项式中 x 的最高次幂；阴影带是它与真实函数相差不到 1 % 的区域。</translation>
    </message>
    <message>
        <source>lower orders too</source>
        <translation>也画低阶</translation>
    </message>
    <message>
        <source>Also draw every lower order that adds a term, to see the series converge.</source>
        <translation>同时画出每个新增一项的低阶，看级数如何收敛。</translation>
    </message>
    <message>
        <source>Half-width of the x range shown around 0.</source>
        <translation>0 附近所显示 x 范围的半宽度。</translation>
    </message>
    <message>
        <source>show f′</source>
        <translation>显示 f′</translation>
    </message>
    <message>
        <source>Overlay the derivative f′(x), exact from the activation's symbolic form (the one a test holds to the network's torch function): sigmoid′ never exceeds 1/4.</source>
        <translation>叠加导数 f′(x)，由激活函数的符号形式精确求得（测试保证它与网络的 torch 函数一致）：sigmoid′ 从不超过 1/4。</translation>
    </message>
    <message>
        <source>Overlay a second activation and show its series too.</source>
        <translation>叠加第二个激活函数，并显示它的级数。</translation>
    </message>
    <message>
        <source>Put the series shown on the clipboard as a complete LaTeX line, σ(x) = …, with the compared series aligned below it.</source>
        <translation>把显示的级数作为一行完整的 LaTeX（σ(x) = …）复制到剪贴板，比较的级数对齐在下一行。</translation>
    </message>
    <message>
        <source>compare with: none</source>
        <translation>比较：无</translation>
    </message>
    <message>
        <source>compare with: {name}</source>
        <translation>比较：{name}</translation>
    </message>
    <message>
        <source>Copy as LaTeX</source>
        <translation>复制为 LaTeX</translation>
    </message>
    <message>
        <source>Copied ✓</source>
        <translation>已复制 ✓</translation>
    </message>
</context>
<context>
    <name>TaylorPanel</name>
    <message>
        <source>Solid black: the activation. Coloured: its Taylor polynomials around 0. Shaded: where the highest order is within 1 %.</source>
        <translation>黑色实线：激活函数。彩色线：它在 0 附近的泰勒多项式。阴影：最高阶多项式误差不到 1 % 的区域。</translation>
    </message>
    <message>
        <source>Where the linear analysis of the lesson can be trusted.</source>
        <translation>课程中的线性分析在这里可信。</translation>
    </message>
    <message>
        <source>order {order}</source>
        <translation>{order} 阶</translation>
    </message>
    <message>
        <source>{name}′  (max {most})</source>
        <translation>{name}′（最大 {most}）</translation>
    </message>
    <message>
        <source>Shaded: where the order-{order} polynomial is within 1 % of {name}, x ∈ [{a}, {b}] (the whole view).</source>
        <translation>阴影：{order} 阶多项式与 {name} 相差不到 1 % 的区域，x ∈ [{a}, {b}]（整个视图）。</translation>
    </message>
    <message>
        <source>Shaded: where the order-{order} polynomial is within 1 % of {name}, x ∈ [{a}, {b}].</source>
        <translation>阴影：{order} 阶多项式与 {name} 相差不到 1 % 的区域，x ∈ [{a}, {b}]。</translation>
    </message>
    <message>
        <source>Compare with {name}</source>
        <translation>与 {name} 比较</translation>
    </message>
    <message>
        <source>One click overlays {name}; click again to remove it.</source>
        <translation>单击叠加 {name}；再次单击移除。</translation>
    </message>
    <message>
        <source>Expanding the series…</source>
        <translation>正在展开级数…</translation>
    </message>
</context>
<context>
    <name>TaylorText</name>
    <message>
        <source>✓ passes</source>
        <translation>✓ 通过</translation>
    </message>
    <message>
        <source>◐ passes for x ≥ 0</source>
        <translation>◐ x ≥ 0 时通过</translation>
    </message>
    <message>
        <source>✗ fails</source>
        <translation>✗ 不通过</translation>
    </message>
    <message>
        <source>Exact Taylor series around 0 (from the symbolic form of the activation).</source>
        <translation>0 附近的精确泰勒级数（由激活函数的符号形式求得）。</translation>
    </message>
    <message>
        <source>The lesson's test near 0: f(0) = 0 and f′(0) = 1.</source>
        <translation>课程在 0 附近的检验：f(0) = 0 且 f′(0) = 1。</translation>
    </message>
    <message>
        <source>variance × {gain} per layer</source>
        <translation>每层方差 × {gain}</translation>
    </message>
</context>
<context>
    <name>TaylorWorker</name>
    <message>
        <source>The Taylor series could not be expanded: {error}</source>
        <translation>无法展开泰勒级数：{error}</translation>
    </message>
    <message>
        <source>The Taylor series process stopped unexpectedly (exit code {code}); it starts again with the next series asked for.</source>
        <translation>泰勒级数进程意外停止（退出码 {code}）；请求下一个级数时会重新启动。</translation>
    </message>
</context>
<context>
    <name>TheoryNotes</name>
    <message>
        <source>mean-field</source>
        <translation>平均场</translation>
    </message>
    <message>
        <source>linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>theory not drawn: the {recursion} recursion is for a plain MLP, and a residual connection adds h^(t−1) to every layer</source>
        <translation>未画理论线：{recursion}递推只适用于普通的多层感知机，而残差连接会在每一层加上 h^(t−1)</translation>
    </message>
    <message>
        <source>BatchNorm skipped: a batch of 1 has no spread to divide by, so the plain network runs, and its theory is drawn</source>
        <translation>已跳过 BatchNorm：批量为 1 时没有可用来相除的离散程度，因此运行的是普通网络，并画出它的理论线</translation>
    </message>
    <message>
        <source>gradient theory not drawn in training: it assumes the probe's loss ⟨g, h⟩, and the activation line holds at initialisation only</source>
        <translation>训练时不画梯度理论线：它假设的是探测的损失 ⟨g, h⟩；激活的理论线也只在初始化时成立</translation>
    </message>
    <message>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <source>linear theory off from layer {layer}: it takes {phi} as linear near 0, but z spreads to √q = {spread} there and the linear model's {what} is {off} too {direction}</source>
        <translation>线性理论自第 {layer} 层起失准：它把 {phi} 在 0 附近视为线性，但该处 z 已散布到 √q = {spread}，线性模型的 {what} 偏{direction} {off}</translation>
    </message>
    <message>
        <source>theory assumes width ≫ depth: {layers} layers of {units} units (Σ 1/n = {inverse}) let one network drift far from the line</source>
        <translation>理论假设宽度 ≫ 深度：{layers} 层、每层 {units} 个单元（Σ 1/n = {inverse}），单个网络会远远偏离理论线</translation>
    </message>
    <message>
        <source>∂ℓ/∂h falls below {format}'s smallest normal {tiny} at {count} layers (subnormal, then 0 below {zero})</source>
        <translation>∂ℓ/∂h 在 {count} 层低于 {format} 的最小正规数 {tiny}（先成为次正规数，低于 {zero} 则为 0）</translation>
    </message>
    <message>
        <source>values pass {max} from layer {layer} (inf)</source>
        <translation>自第 {layer} 层起数值超过 {max}（inf）</translation>
    </message>
    <message>
        <source>theory assumes exact arithmetic: {first}</source>
        <translation>理论假设精确运算：{first}</translation>
    </message>
    <message>
        <source>theory assumes exact arithmetic: {first}; {second}</source>
        <translation>理论假设精确运算：{first}；{second}</translation>
    </message>
    <message>
        <source>theory assumes exact arithmetic: float32 rounds away φ(z) − φ(0) of {phi} at z ~ √q = {z} (layer {layer} on)</source>
        <translation>理论假设精确运算：在 z ~ √q = {z} 处，float32 把 {phi} 的 φ(z) − φ(0) 舍入掉了（第 {layer} 层起）</translation>
    </message>
    <message>
        <source>theory assumes exact arithmetic: float32 rounds away φ(z) − φ(0) of {phi} at z ~ √q = {z} (layer {layer})</source>
        <translation>理论假设精确运算：在 z ~ √q = {z} 处，float32 把 {phi} 的 φ(z) − φ(0) 舍入掉了（第 {layer} 层）</translation>
    </message>
    <message>
        <source>LayerNorm fixes the forward scale (z has unit variance at every layer), not the derivative factor: Var[∂ℓ/∂h] ×{factor} per layer = E[{phi}'(z)²]/E[h²], as h's mean {mean} inflates E[h²] (BatchNorm divides by Var[h] instead)</source>
        <translation>LayerNorm 修正了正向的尺度（每一层的 z 都是单位方差），但没有修正导数因子：Var[∂ℓ/∂h] 每层 ×{factor} = E[{phi}'(z)²]/E[h²]，因为 h 的均值 {mean} 抬高了 E[h²]（BatchNorm 则除以 Var[h]）</translation>
    </message>
    <message>
        <source>LayerNorm fixes the forward scale (z has unit variance at every layer), not the derivative factor: Var[∂ℓ/∂h] ×{factor} per layer = E[{phi}'(z)²]/E[h²]</source>
        <translation>LayerNorm 修正了正向的尺度（每一层的 z 都是单位方差），但没有修正导数因子：Var[∂ℓ/∂h] 每层 ×{factor} = E[{phi}'(z)²]/E[h²]</translation>
    </message>
    <message>
        <source>theory not drawn with BatchNorm: its per-layer factor depends on the batch. It fixes the forward scale (every unit's z has unit variance over the batch), not the derivative factor: Var[∂ℓ/∂h] changes by about E[{phi}'(z)²]/Var[h] = {factor} per layer for a large batch, more for a small one</source>
        <translation>使用 BatchNorm 时不画理论线：它的逐层因子取决于批量。它修正了正向的尺度（每个单元的 z 在批量上是单位方差），但没有修正导数因子：批量大时，Var[∂ℓ/∂h] 每层约变化 E[{phi}'(z)²]/Var[h] = {factor} 倍，批量小时变化更大</translation>
    </message>
</context>
<context>
    <name>TrainingPlot</name>
    <message>
        <source>probe mode: nothing is trained (Mode: train on a task)</source>
        <translation>探测模式：不做任何训练（模式：在任务上训练）</translation>
    </message>
    <message>
        <source>diverged at step {step}: loss = {loss}</source>
        <translation>在第 {step} 步发散：损失 = {loss}</translation>
    </message>
    <message>
        <source>diverged at step {step}: loss = {loss}; update : data ratio of step {kept}, the last finite one</source>
        <translation>在第 {step} 步发散：损失 = {loss}；显示的是第 {kept} 步（最后一个有限值）的更新量 : 参数值之比</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>训练损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Update : data ratio per layer</source>
        <translation>各层更新量 : 参数值之比</translation>
    </message>
    <message>
        <source>healthy ≈ −3</source>
        <translation>健康 ≈ −3</translation>
    </message>
    <message>
        <source>Switch Mode to 'train on a task' to train the network and see which layers learn.</source>
        <translation>把“模式”切换为“在任务上训练”，即可训练网络并查看哪些层在学习。</translation>
    </message>
    <message>
        <source>Training diverged at step {step} (loss is {loss}): paused. Lower the learning rate or reseed, then run again.</source>
        <translation>训练在第 {step} 步发散（损失为 {loss}）：已暂停。请降低学习率或重新设定随机种子，然后再次运行。</translation>
    </message>
</context>
<context>
    <name>Video</name>
    <message>
        <source>install ffmpeg on PATH, or the Python package imageio-ffmpeg</source>
        <translation>请安装 ffmpeg（放在系统路径中），或安装 Python 包 imageio-ffmpeg</translation>
    </message>
    <message>
        <source>no MP4 encoder found: {install} (GIF needs none: use .gif)</source>
        <translation>未找到 MP4 编码器：{install}（GIF 不需要编码器：请用 .gif）</translation>
    </message>
</context>
</TS>
