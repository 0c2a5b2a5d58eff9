#include "gl_renderer.hpp"

#define GLFW_INCLUDE_ES3
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "imgui.h"

namespace gl_renderer {
namespace {

constexpr const char* vertex_source = R"(#version 300 es
precision highp float;
layout (location = 0) in vec2 position;
layout (location = 1) in vec2 uv;
layout (location = 2) in vec4 color;
uniform vec4 transform;  // xy: scale, zw: offset, from ImGui's pixels to clip space
out vec2 frag_uv;
out vec4 frag_color;
void main() {
  frag_uv = uv;
  frag_color = color;
  gl_Position = vec4(position * transform.xy + transform.zw, 0.0, 1.0);
}
)";

constexpr const char* fragment_source = R"(#version 300 es
precision mediump float;
uniform sampler2D atlas;
in vec2 frag_uv;
in vec4 frag_color;
layout (location = 0) out vec4 out_color;
void main() {
  out_color = frag_color * texture(atlas, frag_uv);
}
)";

constexpr GLuint position_at = 0, uv_at = 1, color_at = 2;

GLuint program = 0, vertex_array = 0, vertex_buffer = 0, index_buffer = 0, font_texture = 0;
GLint transform_at = -1;
std::vector<ImDrawVert> vertices;  // the frame's draw lists, end to end; reused
std::vector<ImDrawIdx> indices;

GLuint compile(GLenum type, const char* source) {
  const GLuint shader = glCreateShader(type);
  glShaderSource(shader, 1, &source, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    char log[512] = {};
    glGetShaderInfoLog(shader, sizeof log, nullptr, log);
    std::printf("gl_renderer: shader: %s\n", log);
  }
  return shader;
}

// Points the attributes at the vertex `first` of the buffer (WebGL2 has no base vertex).
void point_attributes(std::size_t first) {
  const std::size_t base = first * sizeof(ImDrawVert);
  const auto at = [base](std::size_t field) { return reinterpret_cast<const void*>(base + field); };
  glVertexAttribPointer(position_at, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, pos)));
  glVertexAttribPointer(uv_at, 2, GL_FLOAT, GL_FALSE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, uv)));
  glVertexAttribPointer(color_at, 4, GL_UNSIGNED_BYTE, GL_TRUE, sizeof(ImDrawVert), at(offsetof(ImDrawVert, col)));
}

}  // namespace

bool init() {
  ImGuiIO& io = ImGui::GetIO();
  io.BackendRendererName = "pcu_gl_renderer";
  io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // render() points attributes per command
  const GLuint vs = compile(GL_VERTEX_SHADER, vertex_source);
  const GLuint fs = compile(GL_FRAGMENT_SHADER, fragment_source);
  program = glCreateProgram();
  glAttachShader(program, vs);
  glAttachShader(program, fs);
  glLinkProgram(program);
  glDeleteShader(vs);
  glDeleteShader(fs);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    std::puts("gl_renderer: the program did not link");
    return false;
  }
  transform_at = glGetUniformLocation(program, "transform");
  glUseProgram(program);
  glUniform1i(glGetUniformLocation(program, "atlas"), 0);
  glGenVertexArrays(1, &vertex_array);
  glGenBuffers(1, &vertex_buffer);
  glGenBuffers(1, &index_buffer);
  glBindVertexArray(vertex_array);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, index_buffer);
  glEnableVertexAttribArray(position_at);
  glEnableVertexAttribArray(uv_at);
  glEnableVertexAttribArray(color_at);
  glBindVertexArray(0);
  return true;
}

void upload_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  unsigned char* pixels = nullptr;
  int width = 0, height = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
  if (font_texture != 0) glDeleteTextures(1, &font_texture);
  glGenTextures(1, &font_texture);
  glBindTexture(GL_TEXTURE_2D, font_texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, pixels);
  io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(font_texture)));
}

void render(const ImDrawData& data, int width, int height, const float (&clear)[3]) {
  // Every piece of state is set, none read: reading would wait for the GPU process.
  glViewport(0, 0, width, height);
  glDisable(GL_SCISSOR_TEST);
  glClearColor(clear[0], clear[1], clear[2], 1.0F);
  glClear(GL_COLOR_BUFFER_BIT);
  if (data.TotalVtxCount == 0 || data.DisplaySize.x <= 0 || data.DisplaySize.y <= 0) return;

  vertices.resize(static_cast<std::size_t>(data.TotalVtxCount));
  indices.resize(static_cast<std::size_t>(data.TotalIdxCount));
  std::size_t v = 0, i = 0;
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    const auto vn = static_cast<std::size_t>(list.VtxBuffer.Size), in = static_cast<std::size_t>(list.IdxBuffer.Size);
    std::memcpy(vertices.data() + v, list.VtxBuffer.Data, vn * sizeof(ImDrawVert));
    std::memcpy(indices.data() + i, list.IdxBuffer.Data, in * sizeof(ImDrawIdx));
    v += vn;
    i += in;
  }

  glEnable(GL_BLEND);
  glBlendEquation(GL_FUNC_ADD);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  glDisable(GL_CULL_FACE);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_STENCIL_TEST);
  glEnable(GL_SCISSOR_TEST);
  glUseProgram(program);
  const float sx = 2.0F / data.DisplaySize.x, sy = -2.0F / data.DisplaySize.y;
  glUniform4f(transform_at, sx, sy, -1.0F - data.DisplayPos.x * sx, 1.0F - data.DisplayPos.y * sy);
  glActiveTexture(GL_TEXTURE0);
  glBindVertexArray(vertex_array);
  glBindBuffer(GL_ARRAY_BUFFER, vertex_buffer);
  // New storage each frame (orphaning): the draws of the last frame may still read the old.
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(vertices.size() * sizeof(ImDrawVert)), vertices.data(),
               GL_STREAM_DRAW);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * sizeof(ImDrawIdx)), indices.data(),
               GL_STREAM_DRAW);

  const ImVec2 off = data.DisplayPos, scale = data.FramebufferScale;
  const GLenum index_type = sizeof(ImDrawIdx) == 2 ? GL_UNSIGNED_SHORT : GL_UNSIGNED_INT;
  std::size_t list_vtx = 0, list_idx = 0, pointed = SIZE_MAX;
  ImTextureID bound = nullptr;
  int scissor[4] = {-1, -1, -1, -1};
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList& list = *data.CmdLists[n];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
      if (cmd.UserCallback) {
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(&list, &cmd);
        continue;
      }
      const float x0 = std::max(0.0F, (cmd.ClipRect.x - off.x) * scale.x);
      const float y0 = std::max(0.0F, (cmd.ClipRect.y - off.y) * scale.y);
      const float x1 = std::min(static_cast<float>(width), (cmd.ClipRect.z - off.x) * scale.x);
      const float y1 = std::min(static_cast<float>(height), (cmd.ClipRect.w - off.y) * scale.y);
      if (x1 <= x0 || y1 <= y0 || cmd.ElemCount == 0) continue;
      const int box[4] = {static_cast<int>(x0), static_cast<int>(static_cast<float>(height) - y1),
                          static_cast<int>(x1 - x0), static_cast<int>(y1 - y0)};
      if (std::memcmp(box, scissor, sizeof box) != 0) {
        std::memcpy(scissor, box, sizeof box);
        glScissor(box[0], box[1], box[2], box[3]);
      }
      if (cmd.TextureId != bound) {
        bound = cmd.TextureId;
        glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(bound)));
      }
      if (list_vtx + cmd.VtxOffset != pointed) {
        pointed = list_vtx + cmd.VtxOffset;
        point_attributes(pointed);
      }
      glDrawElements(GL_TRIANGLES, static_cast<GLsizei>(cmd.ElemCount), index_type,
                     reinterpret_cast<const void*>((list_idx + cmd.IdxOffset) * sizeof(ImDrawIdx)));
    }
    list_vtx += static_cast<std::size_t>(list.VtxBuffer.Size);
    list_idx += static_cast<std::size_t>(list.IdxBuffer.Size);
  }
  glBindVertexArray(0);
}

}  // namespace gl_renderer
