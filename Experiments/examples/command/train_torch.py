# A PyTorch model as a physweep command task (docs/spec.md, "The command system"): an MLP fitted to
# y = sin(3x) on the GPU physweep gave this task (CUDA_VISIBLE_DEVICES), or on the CPU without one.
import json, os, sys
import torch

task = json.load(sys.stdin)                       # also in the file $PHYSWEEP_CONFIG
cfg = task["config"]
torch.manual_seed(cfg["seed"])
device = "cuda" if torch.cuda.is_available() else "cpu"
width, depth, lr, steps = int(cfg["width"]), int(cfg["depth"]), float(cfg["lr"]), int(cfg["iterations"])

x = torch.linspace(-1, 1, 4096, device=device).unsqueeze(1)
y = torch.sin(3 * x)
train, test = slice(0, None, 2), slice(1, None, 2)
layers, inputs = [], 1
for _ in range(depth):
    layers += [torch.nn.Linear(inputs, width), torch.nn.Tanh()]
    inputs = width
model = torch.nn.Sequential(*layers, torch.nn.Linear(inputs, 1)).to(device)
optimizer = torch.optim.Adam(model.parameters(), lr=lr)
loss_fn = torch.nn.MSELoss()
with torch.no_grad():
    initial = loss_fn(model(x[train]), y[train]).item()
for step in range(steps):
    optimizer.zero_grad()
    loss = loss_fn(model(x[train]), y[train])
    loss.backward()
    optimizer.step()
    if step % 200 == 0:
        print("physweep:progress " + json.dumps({"step": step, "total_steps": steps, "loss": loss.item()}), flush=True)
torch.save(model.state_dict(), os.path.join(os.environ["PHYSWEEP_OUTPUT_DIR"], "model.pt"))
with torch.no_grad():
    test_mse = loss_fn(model(x[test]), y[test]).item()
    final = loss_fn(model(x[train]), y[train]).item()
params = sum(p.numel() for p in model.parameters())
# Dense-layer FLOPs by the usual convention (2 per multiply-add, forward + backward ≈ 3× forward):
flops = 3 * 2 * params * x[train].shape[0] * steps
json.dump({"initial_loss": initial, "final_loss": final, "test_mse": test_mse, "params": params, "flops": flops},
          open(os.environ["PHYSWEEP_RESULT_FILE"], "w"))
